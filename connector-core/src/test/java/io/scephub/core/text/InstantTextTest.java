package io.scephub.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link InstantText#of} writes exactly what {@link Instant#toString()} writes. */
class InstantTextTest {

    @Test
    void edgesAreWrittenAsTheJdkWritesThem() {
        for (Instant instant : List.of(Instant.EPOCH, Instant.ofEpochSecond(0, 1), Instant.ofEpochSecond(0, 999_999_999),
                Instant.ofEpochSecond(0, 1_000), Instant.ofEpochSecond(0, 1_000_000), Instant.ofEpochSecond(0, 100_000_000),
                Instant.ofEpochSecond(0, 120_000), Instant.ofEpochSecond(0, 123_456_700), Instant.parse("2026-12-07T02:37:00Z"),
                Instant.parse("2024-02-29T23:59:59.999Z"), Instant.parse("2000-03-01T00:00:00Z"), Instant.parse("2100-02-28T12:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.ofEpochSecond(-1), Instant.ofEpochSecond(-1, 500), Instant.parse("0001-01-01T00:00:00Z"), Instant.MIN,
                Instant.MAX)) {
            assertThat(InstantText.of(instant)).as(instant.getEpochSecond() + "s " + instant.getNano() + "ns")
                    .isEqualTo(instant.toString());
        }
    }

    @Test
    void randomInstantsAreWrittenAsTheJdkWritesThem() {
        Random random = new Random(4711);
        long span = Instant.parse("+10001-01-01T00:00:00Z").getEpochSecond() - Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
        long from = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 50_000; i++) {
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(from + Math.floorMod(random.nextLong(), span), nanos);
            assertThat(InstantText.of(instant)).as(instant.getEpochSecond() + "s " + nanos + "ns").isEqualTo(instant.toString());
        }
    }
}
