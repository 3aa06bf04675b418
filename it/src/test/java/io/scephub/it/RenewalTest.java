package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.hub.state.AuditLog;
import io.scephub.hub.state.StateStore;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Okta as the CA: with the hub's clock moved forward, due enrollments get their profile redistributed, once. */
class RenewalTest {
    private static final String WINDOWS = """
              - name: windows-intune
                platform: windows
                mdm: intune
                challenge: delegated
                ca: okta
                certificate:
                  subject: "CN={{DeviceId}}"
                  validity: 1y
                groups:
                  include: [ "ODA Windows Pilot" ]
                renewal:
                  redistributeBeforeExpiry: 30d
            """;
    private static final String MACOS = """
              - name: macos-intune
                platform: macos
                mdm: intune
                challenge: delegated
                ca: okta
                groups:
                  include: [ "ODA Macs" ]
                renewal:
                  redistributeBeforeExpiry: 30d
            """;

    private static Sandbox sandbox;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSandbox() {
        sandbox = Sandbox.start(SandboxOptions.defaults());
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @Test
    void aMovedClockPlansRedistributionForExactlyTheDueEnrollmentsOnceAndTheForecastAgrees() throws Exception {
        sandbox.reset();
        Map<String, String> env = new HashMap<>(Map.of("OKTA_API_TOKEN", sandbox.options().oktaApiToken(),
                "GRAPH_CLIENT_SECRET", sandbox.options().clientSecret()));
        SandboxConfig.write(dir, sandbox, WINDOWS, MACOS);
        HubCli.Run converge = new HubCli(dir, env).run("apply");
        assertThat(converge.exitCode()).as(converge.all()).isZero();

        Instant t0 = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
        String windowsProfile = scepProfileId("windows-intune");
        String macProfile = scepProfileId("macos-intune");
        for (int i = 0; i < 3; i++) {
            Instant expires = t0.plus(Duration.ofDays(100)).plus(Duration.ofHours(i));
            sandbox.graph().addDeviceCertificate(windowsProfile, "PC-" + i, expires.minus(Duration.ofDays(365)), expires);
        }
        for (int i = 0; i < 2; i++) {
            Instant expires = t0.plus(Duration.ofDays(200));
            sandbox.graph().addDeviceCertificate(macProfile, "MAC-" + i, expires.minus(Duration.ofDays(365)), expires);
        }
        HubCli today = new HubCli(dir, env);
        assertThat(today.run("plan").exitCode()).as("nothing is due today").isZero();

        env.put("SCEPHUB_NOW", t0.plus(Duration.ofDays(75)).toString());
        HubCli later = new HubCli(dir, env);

        HubCli.Run plan = later.run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("~ redistribute intune.scep-profile/windows-intune (3 devices expiring from "
                + t0.plus(Duration.ofDays(100)))
                .contains("batch 1 of 1")
                .doesNotContain("redistribute intune.scep-profile/macos-intune")
                .contains("1 to redistribute");
        JsonNode planJson = new ObjectMapper().readTree(later.run("plan", "--output", "json").out());
        assertThat(planJson.get("changes")).singleElement().satisfies(c -> {
            assertThat(c.get("action").asText()).isEqualTo("redistribute");
            assertThat(c.get("redistribution").get("devices").asInt()).isEqualTo(3);
        });

        HubCli.Run forecast = later.run("renewal", "forecast", "--output", "json");
        assertThat(forecast.exitCode()).as(forecast.all()).isZero();
        JsonNode waves = new ObjectMapper().readTree(forecast.out()).get("waves");
        assertThat(waves).hasSize(2);
        JsonNode windowsWave = wave(waves, "windows-intune");
        JsonNode macWave = wave(waves, "macos-intune");
        {
            JsonNode w = windowsWave;
            assertThat(w.get("status").asText()).isEqualTo("due");
            assertThat(w.get("devices").asInt()).isEqualTo(3);
            assertThat(w.get("start").asText()).isEqualTo(t0.plus(Duration.ofDays(100)).toString());
            assertThat(w.get("batch").asInt()).isEqualTo(1);
        }
        {
            JsonNode w = macWave;
            assertThat(w.get("status").asText()).isEqualTo("ok");
            assertThat(w.get("redistribute_at").asText()).isEqualTo(t0.plus(Duration.ofDays(170)).toString());
        }
        HubCli.Run table = later.run("renewal", "forecast");
        assertThat(table.out()).contains("ENROLLMENT").containsPattern("windows-intune .* 3 .* due");

        HubCli.Run apply = later.run("apply");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(sandbox.graph().deviceConfiguration(windowsProfile).orElseThrow().get("description").asText())
                .contains("[scephub-redistributed:");
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir.resolve("data"))) {
            List<AuditLog.Entry> entries = new AuditLog(store.dataSource(), Clock.systemUTC()).entries();
            assertThat(entries).filteredOn(e -> e.event().equals("redistribute")).singleElement().satisfies(e -> {
                assertThat(e.subject()).isEqualTo("intune.scep-profile/windows-intune");
                assertThat(e.detail()).contains("status=applied").contains("devices=3");
            });
        }

        HubCli.Run again = later.run("plan");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).doesNotContain("redistribute");
    }

    private static JsonNode wave(JsonNode waves, String enrollment) {
        for (JsonNode w : waves) {
            if (w.get("enrollment").asText().equals(enrollment)) {
                return w;
            }
        }
        throw new AssertionError("no wave for " + enrollment + " in " + waves);
    }

    private static String scepProfileId(String enrollment) {
        return sandbox.graph().deviceConfigurations().stream()
                .filter(p -> p.path("description").asText().endsWith("[scephub:intune.scep-profile/" + enrollment + "]"))
                .map(p -> p.get("id").asText()).findFirst().orElseThrow();
    }
}
