package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.hub.state.AuditLog;
import io.scephub.hub.state.StateStore;
import io.scephub.sandbox.Sandbox;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Okta as the CA: with the hub's clock moved forward, the due devices of due enrollments re-enrol, once, through a new
 * version of their Intune SCEP profile (a renewal wave); the next plan retires the old version on them and then is clean.
 */
@ExtendWith(SandboxExtension.class)
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

    /** A third Intune enrollment with a renewal policy whose certificates are far from expiry. */
    private static final String WINDOWS_LATER = """
              - name: windows-later
                platform: windows
                mdm: intune
                challenge: delegated
                ca: okta
                certificate:
                  subject: "CN={{DeviceId}}"
                  validity: 1y
                groups:
                  include: [ "Contractors" ]
                renewal:
                  redistributeBeforeExpiry: 30d
            """;

    private static Sandbox sandbox;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    @Test
    void aMovedClockPlansRedistributionForExactlyTheDueEnrollmentsOnceAndTheForecastAgrees() throws Exception {
        sandbox.reset();
        Map<String, String> env = new HashMap<>(SandboxConfig.credentials(sandbox));
        SandboxConfig.write(dir, sandbox, WINDOWS, MACOS);
        HubCli.Run converge = new HubCli(dir, env).run("apply", "--auto-approve");
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

        Map<String, String> before = serials(windowsProfile);
        HubCli.Run apply = later.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(waveSerials("windows-intune", 1)).as("every due device enrolled from the wave's new version")
                .containsOnlyKeys("PC-0", "PC-1", "PC-2")
                .allSatisfy((device, serial) -> assertThat(serial).isNotEqualTo(before.get(device)));
        assertThat(waveSerials("macos-intune", 1)).as("nothing of the Macs is due").isEmpty();
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir.resolve("data"))) {
            List<AuditLog.Entry> entries = new AuditLog(store.dataSource(), Clock.systemUTC()).entries();
            assertThat(entries).filteredOn(e -> e.event().equals("redistribute")).singleElement().satisfies(e -> {
                assertThat(e.subject()).isEqualTo("intune.scep-profile/windows-intune");
                assertThat(e.detail()).contains("status=applied").contains("devices=3");
            });
        }

        HubCli.Run retire = later.run("plan");
        assertThat(retire.exitCode()).as(retire.all()).isEqualTo(2);
        assertThat(retire.out()).contains("~ redistribute intune.scep-profile/windows-intune (retire the old profile version for renewal "
                + "wave 1: all 3 devices").doesNotContain("re-enrols").doesNotContain("redistribute intune.scep-profile/macos-intune");
        assertThat(later.run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(serials(windowsProfile)).as("the retired old version's certificates left the devices").isEmpty();
        HubCli.Run again = later.run("plan");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).doesNotContain("redistribute");
    }

    @Test
    void aBudgetOfOneProfilePerWindowRedistributesTheSecondDueEnrollmentOneWindowLater() throws Exception {
        sandbox.reset();
        Map<String, String> env = new HashMap<>(SandboxConfig.credentials(sandbox));
        SandboxConfig.writeWithIntuneSettings(dir, sandbox, """
                renewal:
                  maxProfilesPerWindow: 1
                  window: 1h
                """, WINDOWS, MACOS, WINDOWS_LATER);
        HubCli.Run converge = new HubCli(dir, env).run("apply", "--auto-approve");
        assertThat(converge.exitCode()).as(converge.all()).isZero();

        Instant t0 = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
        String windowsProfile = scepProfileId("windows-intune");
        String macProfile = scepProfileId("macos-intune");
        String laterProfile = scepProfileId("windows-later");
        // Windows expires an hour before the Macs, so it is the more urgent and takes the first window.
        for (int i = 0; i < 2; i++) {
            Instant windowsExpires = t0.plus(Duration.ofDays(100));
            sandbox.graph().addDeviceCertificate(windowsProfile, "PC-" + i, windowsExpires.minus(Duration.ofDays(365)), windowsExpires);
            Instant macExpires = windowsExpires.plus(Duration.ofHours(1));
            sandbox.graph().addDeviceCertificate(macProfile, "MAC-" + i, macExpires.minus(Duration.ofDays(365)), macExpires);
            Instant laterExpires = t0.plus(Duration.ofDays(300));
            sandbox.graph().addDeviceCertificate(laterProfile, "LATE-" + i, laterExpires.minus(Duration.ofDays(365)), laterExpires);
        }

        Instant firstWindow = t0.plus(Duration.ofDays(75));
        env.put("SCEPHUB_NOW", firstWindow.toString());
        HubCli first = new HubCli(dir, env);
        HubCli.Run plan = first.run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out().split("~ redistribute", -1)).as(plan.out()).hasSize(2);
        assertThat(plan.out()).contains("~ redistribute intune.scep-profile/windows-intune (2 devices")
                .contains("batch 1 of 2")
                .doesNotContain("redistribute intune.scep-profile/macos-intune")
                .doesNotContain("redistribute intune.scep-profile/windows-later");

        HubCli.Run forecast = first.run("renewal", "forecast", "--output", "json");
        assertThat(forecast.exitCode()).as(forecast.all()).isZero();
        JsonNode forecastJson = new ObjectMapper().readTree(forecast.out());
        // The moved clock keeps ticking from SCEPHUB_NOW, so batch times are relative to the forecast's own now.
        Instant forecastNow = Instant.parse(forecastJson.get("now").asText());
        JsonNode waves = forecastJson.get("waves");
        assertThat(waves).hasSize(3);
        JsonNode windowsWave = wave(waves, "windows-intune");
        assertThat(windowsWave.get("status").asText()).isEqualTo("due");
        assertThat(windowsWave.get("batch").asInt()).isEqualTo(1);
        assertThat(windowsWave.get("redistribute_at").asText()).isEqualTo(forecastNow.toString());
        JsonNode macWave = wave(waves, "macos-intune");
        assertThat(macWave.get("status").asText()).isEqualTo("scheduled");
        assertThat(macWave.get("batch").asInt()).isEqualTo(2);
        assertThat(macWave.get("devices").asInt()).isEqualTo(2);
        assertThat(macWave.get("redistribute_at").asText()).isEqualTo(forecastNow.plus(Duration.ofHours(1)).toString());
        assertThat(wave(waves, "windows-later").get("status").asText()).isEqualTo("ok");

        HubCli.Run apply = first.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(waveSerials("windows-intune", 1)).containsOnlyKeys("PC-0", "PC-1");
        assertThat(waveSerials("macos-intune", 1)).isEmpty();
        assertThat(waveSerials("windows-later", 1)).isEmpty();
        HubCli.Run sameWindow = first.run("plan");
        assertThat(sameWindow.exitCode()).as("only the Windows wave's retirement is left: " + sameWindow.all()).isEqualTo(2);
        assertThat(sameWindow.out().split("~ redistribute", -1)).as(sameWindow.out()).hasSize(2);
        assertThat(sameWindow.out()).contains("~ redistribute intune.scep-profile/windows-intune (retire the old profile version")
                .as("the Macs wait for the next window").doesNotContain("redistribute intune.scep-profile/macos-intune");
        HubCli.Run retired = first.run("apply", "--auto-approve");
        assertThat(retired.exitCode()).as(retired.all()).isZero();
        HubCli.Run afterRetire = first.run("plan");
        assertThat(afterRetire.exitCode()).as(afterRetire.all() + "\nretired: " + retired.all()).isZero();
        assertThat(afterRetire.out()).doesNotContain("redistribute");

        env.put("SCEPHUB_NOW", firstWindow.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(5)).toString());
        HubCli second = new HubCli(dir, env);
        HubCli.Run next = second.run("plan");
        assertThat(next.exitCode()).as(next.all()).isEqualTo(2);
        assertThat(next.out().split("~ redistribute", -1)).as(next.out()).hasSize(2);
        assertThat(next.out()).contains("~ redistribute intune.scep-profile/macos-intune (2 devices")
                .contains("batch 1 of 1")
                .doesNotContain("redistribute intune.scep-profile/windows-intune")
                .doesNotContain("redistribute intune.scep-profile/windows-later");
        HubCli.Run applyNext = second.run("apply", "--auto-approve");
        assertThat(applyNext.exitCode()).as(applyNext.all()).isZero();
        assertThat(waveSerials("macos-intune", 1)).containsOnlyKeys("MAC-0", "MAC-1");
        assertThat(waveSerials("windows-later", 1)).isEmpty();
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir.resolve("data"))) {
            List<AuditLog.Entry> entries = new AuditLog(store.dataSource(), Clock.systemUTC()).entries();
            assertThat(entries).filteredOn(e -> e.event().equals("redistribute") && !e.detail().contains("retire the old profile version"))
                    .extracting(AuditLog.Entry::subject)
                    .containsExactlyInAnyOrder("intune.scep-profile/windows-intune", "intune.scep-profile/macos-intune");
        }
    }

    /** Device name to certificate serial, of the certificates a profile's devices hold. */
    private static Map<String, String> serials(String profileId) {
        Map<String, String> out = new java.util.TreeMap<>();
        sandbox.graph().deviceCertificates(profileId).forEach(c -> out.put(c.get("deviceDisplayName").asText(),
                c.get("certificateSerialNumber").asText()));
        return out;
    }

    /** The certificates devices hold from an enrollment's renewal wave version (empty when there is no such version). */
    private static Map<String, String> waveSerials(String enrollment, int wave) {
        return sandbox.graph().deviceConfigurations().stream()
                .filter(p -> p.path("description").asText().endsWith("[scephub:intune.renewal-wave/" + enrollment + ".w" + wave + "]"))
                .findFirst().map(p -> serials(p.get("id").asText())).orElse(Map.of());
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
