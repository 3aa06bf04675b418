package io.scephub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReuseReadsForTest {
    @TempDir
    Path dir;

    @Test
    void readsAreKeptForTenMinutesByDefault() {
        assertThat(load("").reuseReadsFor()).isEqualTo(Duration.ofMinutes(10));
        assertThat(load("state:\n  dataDir: ./db\n").reuseReadsFor()).isEqualTo(HubSettings.State.DEFAULT_REUSE_READS_FOR);
    }

    @Test
    void zeroInAnySpellingReadsEveryObject() {
        assertThat(load("state:\n  reuseReadsFor: 0\n").reuseReadsFor()).isZero();
        assertThat(load("state:\n  reuseReadsFor: 0s\n").reuseReadsFor()).isZero();
        assertThat(load("state:\n  reuseReadsFor: \"0m\"\n").reuseReadsFor()).isZero();
    }

    @Test
    void durationsUpToADayAreAccepted() {
        assertThat(load("state:\n  reuseReadsFor: 90s\n").reuseReadsFor()).isEqualTo(Duration.ofSeconds(90));
        assertThat(load("state:\n  reuseReadsFor: 1h\n").reuseReadsFor()).isEqualTo(Duration.ofHours(1));
        assertThat(load("state:\n  reuseReadsFor: 24h\n").reuseReadsFor()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void negativeUnparsableAndTooLongWindowsAreReportedAtTheirLine() {
        assertThat(problem("-5m")).isEqualTo("scephub.yaml:7:18: state.reuseReadsFor: \"-5m\" is not a duration;"
                + " expected 0 or a positive number followed by ms, s, m, h, d or y (0, 500ms, 30s, 15m, 12h)");
        assertThat(problem("abc")).startsWith("scephub.yaml:7:18: state.reuseReadsFor: \"abc\" is not a duration; expected 0 or");
        assertThat(problem("48h")).isEqualTo("scephub.yaml:7:18: state.reuseReadsFor: \"48h\" is longer than 24h;"
                + " expected 0 to 24h (e.g. 10m), so changes made outside scephub are seen within a day");
        assertThat(problem("2d")).contains("\"2d\" is longer than 24h");
        assertThat(problem("[10m]")).isEqualTo("scephub.yaml:7:18: state.reuseReadsFor: expected a duration such as 10m,"
                + " or 0 to read every object on every plan, found a list");
    }

    private HubSettings.State load(String rest) {
        return StateYaml.load(dir, rest);
    }

    private String problem(String value) {
        return StateYaml.problem(dir, "reuseReadsFor", value);
    }
}
