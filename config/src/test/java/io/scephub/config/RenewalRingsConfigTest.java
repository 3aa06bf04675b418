package io.scephub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.scephub.core.model.RenewalPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The renewal policy's rings: lead time, canary, pause, budget and re-push bound, with file/line errors. */
class RenewalRingsConfigTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(FakeProviders.all());

    private Path write(String renewal) throws Exception {
        String yaml = ConfigLoaderTest.minimal("""
                mdm:
                  intune:
                    tenantId: 00000000-0000-0000-0000-000000000000
                    clientId: 11111111-1111-1111-1111-111111111111
                    clientSecret: ${env:GRAPH_CLIENT_SECRET}
                enrollments:
                  - name: windows-intune
                    platform: windows
                    mdm: intune
                    challenge: delegated
                    groups:
                      include: [A]
                    renewal:
                """ + renewal.indent(6));
        Path file = dir.resolve("scephub.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private RenewalPolicy policy(String renewal) throws Exception {
        return loader.load(write(renewal)).desired().enrollments().get(0).renewal().orElseThrow();
    }

    private List<String> problems(String renewal) throws Exception {
        Path file = write(renewal);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file));
        assertThat(e).as("a problem was expected").isNotNull();
        return e.problems().stream().map(ConfigProblem::render).toList();
    }

    @Test
    void everyRingSettingIsRead() throws Exception {
        RenewalPolicy policy = policy("""
                leadTime: 30d
                canary:
                  devices: [PC-1, PC-2]
                pause: 24h
                budget:
                  maxDevices: 500
                  per: 1h
                maxRepush: 3
                """);

        assertThat(policy).isEqualTo(new RenewalPolicy(Duration.ofDays(30), Optional.of(new RenewalPolicy.Canary(List.of("PC-1", "PC-2"), 0)),
                Duration.ofHours(24), Optional.of(new RenewalPolicy.Budget(500, Duration.ofHours(1))), 3));
    }

    @Test
    void theFormerNameAndThePercentCanaryWorkAndDefaultsApply() throws Exception {
        RenewalPolicy policy = policy("""
                redistributeBeforeExpiry: 14d
                canary: {percent: 5}
                """);

        assertThat(policy).isEqualTo(new RenewalPolicy(Duration.ofDays(14), Optional.of(new RenewalPolicy.Canary(List.of(), 5)),
                Duration.ZERO, Optional.empty(), RenewalPolicy.DEFAULT_MAX_REPUSH));
    }

    @Test
    void badRingSettingsAreReportedAtTheirLine() throws Exception {
        assertThat(problems("""
                leadTime: 30d
                redistributeBeforeExpiry: 30d
                canary: {devices: [A], percent: 5}
                pause: soon
                budget: {maxDevices: 0}
                maxRepush: 99
                """)).containsExactly(
                "scephub.yaml:20:7: enrollments[0].renewal.redistributeBeforeExpiry: is the former name of leadTime, which is also given; keep only leadTime",
                "scephub.yaml:21:15: enrollments[0].renewal.canary: gives both devices and percent; expected one of them",
                "scephub.yaml:22:14: enrollments[0].renewal.pause: \"soon\" is not a duration; expected 0 or a positive number followed by ms, s, m, h, d or y (0, 500ms, 30s, 15m, 12h)",
                "scephub.yaml:23:15: enrollments[0].renewal.budget.per: missing; expected a window such as 1h or 1d",
                "scephub.yaml:23:28: enrollments[0].renewal.budget.maxDevices: 0 is out of range; expected 1 to 1000000",
                "scephub.yaml:24:18: enrollments[0].renewal.maxRepush: 99 is out of range; expected 0 to 20");
    }

    @Test
    void aPauseWithoutCanaryAndAMissingLeadTimeAreRefused() throws Exception {
        assertThat(problems("""
                pause: 1h
                canary:
                  devices: []
                """)).containsExactly(
                "scephub.yaml:19:7: enrollments[0].renewal.leadTime: missing; expected a duration such as 30d",
                "scephub.yaml:21:18: enrollments[0].renewal.canary.devices: is empty; expected at least one device");
        assertThat(problems("""
                leadTime: 30d
                pause: 1h
                """)).containsExactly(
                "scephub.yaml:20:7: enrollments[0].renewal.pause: only applies with a canary (the rest waits for the canary, then this long); add canary: or remove pause:");
    }
}
