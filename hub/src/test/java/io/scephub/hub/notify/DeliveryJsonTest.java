package io.scephub.hub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** {@code status notifications}: names in a delivery (tab, newline, RTL override, 10,000 characters) never break its one line. */
class DeliveryJsonTest {
    private static final String GROUP = "ODA\tPilot\nWave\u202E2" + "g".repeat(10_000);

    private static Delivery delivery() {
        return new Delivery("d-1", "https://hooks.example/scephub", "drift", "group " + GROUP, "drift in " + GROUP,
                Instant.parse("2026-12-06T20:00:00Z"), Delivery.Status.FAILED, 3, OptionalInt.of(500),
                Optional.of("HTTP 500: \"" + GROUP + "\""), Optional.empty());
    }

    @Test
    void theTextLineEscapesControlAndBidiCharactersAndCutsWhatIsAbsurdlyLong() {
        String line = DeliveryJson.line(delivery());

        assertThat(line.lines()).hasSize(1);
        assertThat(line).doesNotContain("\t", "\n", "\u202E").contains("ODA\\tPilot\\nWave\\u202e2")
                .contains("…(10022 chars)", "…(10025 chars)", "…(10028 chars)").hasSizeLessThan(2_000).contains("error=\"HTTP 500: \\\"ODA");
    }

    @Test
    void jsonKeepsTheValuesAsTheyAreJsonEscaped() {
        assertThat(DeliveryJson.of(delivery()).get("subject").asText()).isEqualTo("group " + GROUP);
    }
}
