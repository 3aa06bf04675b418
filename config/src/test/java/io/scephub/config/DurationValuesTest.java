package io.scephub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationValuesTest {
    @Test
    void millisecondsAreADurationUnitBesideTheOthers() {
        assertThat(Values.parseDuration("500ms")).contains(Duration.ofMillis(500));
        assertThat(Values.parseDuration("5m")).contains(Duration.ofMinutes(5));
        assertThat(Values.parseDuration("5s")).contains(Duration.ofSeconds(5));
        assertThat(Values.parseDuration("0ms")).isEmpty();
        assertThat(Values.parseDuration("5 ms")).isEmpty();
        assertThat(Values.parseDuration("5mss")).isEmpty();
    }
}
