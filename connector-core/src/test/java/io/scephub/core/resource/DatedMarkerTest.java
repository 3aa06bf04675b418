package io.scephub.core.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DatedMarkerTest {
    private static final Instant AT = Instant.parse("2027-01-01T00:00:00Z");

    @Test
    void eachMarkerReadsAndReplacesOnlyItsOwnLine() {
        String description = DatedMarker.REDISTRIBUTED.with(DatedMarker.DEPLOYED.with("Managed by scephub", AT), AT.plusSeconds(60));
        assertThat(description).isEqualTo("Managed by scephub\n[scephub-deployed:2027-01-01T00:00:00Z]\n"
                + "[scephub-redistributed:2027-01-01T00:01:00Z]");
        assertThat(DatedMarker.DEPLOYED.find(description)).contains(AT);
        assertThat(DatedMarker.REDISTRIBUTED.find(description)).contains(AT.plusSeconds(60));
        assertThat(DatedMarker.REDISTRIBUTED.strip(description)).isEqualTo("Managed by scephub\n[scephub-deployed:2027-01-01T00:00:00Z]");
    }
}
