package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import io.scephub.sandbox.WorkspaceOneSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workspace ONE with Okta as the CA: devices enrolled in two waves; when the first wave is due, a
 * sync pushes the profile again to exactly that wave's devices, each enrols for a new certificate
 * before its old one expires, and the second wave is left alone.
 */
class WorkspaceOneReenrolmentTest {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final SettableClock CLOCK = new SettableClock(T0);
    private static Sandbox sandbox;

    @TempDir
    Path dir;

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(() -> SandboxOptions.builder().clock(CLOCK).build());

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    @Test
    void onlyTheDueWaveIsPushedAgainAndEachOfItsDevicesHoldsANewCertificateBeforeTheOldExpires() throws Exception {
        CLOCK.set(T0);
        sandbox.reset();
        WorkspaceOneSimulator ws1 = sandbox.workspaceOne();
        List<String> group = List.of(WorkspaceOneSimulator.SEED_SMART_GROUP);
        ws1.addDevice("WAVE1-A", "PC-WAVE1-A", group, false);
        ws1.addDevice("WAVE1-B", "PC-WAVE1-B", group, false);
        Files.writeString(dir.resolve("scephub.yaml"), SandboxConfig.header(sandbox, SandboxConfig.workspaceOne(sandbox)) + """
                  - name: windows-ws1
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    ca: okta
                    certificate:
                      validity: 1y
                    groups:
                      include: [ "ODA Windows WS1" ]
                    renewal:
                      redistributeBeforeExpiry: 30d
                """);
        Map<String, String> env = new HashMap<>(SandboxConfig.credentials(sandbox));
        HubCli.Run apply = at(env, T0).run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();

        // The second wave enrols 100 days later: its certificates expire 100 days after the first wave's.
        Instant secondWave = T0.plus(Duration.ofDays(100));
        CLOCK.set(secondWave);
        ws1.addDevice("WAVE2-A", "PC-WAVE2-A", group, false);
        ws1.addDevice("WAVE2-B", "PC-WAVE2-B", group, false);
        List<String> firstWave = List.of(WorkspaceOneSimulator.HEALTHY_SERIAL, "WAVE1-A", "WAVE1-B");
        List<String> laterWave = List.of("WAVE2-A", "WAVE2-B");
        Map<String, Integer> installsBefore = new HashMap<>();
        for (String serial : List.of(WorkspaceOneSimulator.HEALTHY_SERIAL, WorkspaceOneSimulator.BROKEN_SERIAL, "WAVE1-A", "WAVE1-B",
                "WAVE2-A", "WAVE2-B")) {
            installsBefore.put(serial, ws1.installCommands(serial));
        }
        Map<String, String> oldThumbprints = new HashMap<>();
        firstWave.forEach(s -> oldThumbprints.put(s, okta(ws1, s).get("Thumbprint").asText()));

        Instant beforeDue = T0.plus(Duration.ofDays(330));
        CLOCK.set(beforeDue);
        HubCli.Run early = at(env, beforeDue).run("plan");
        assertThat(early.exitCode()).as("nothing is due 35 days before the first expiry: " + early.all()).isZero();

        Instant due = T0.plus(Duration.ofDays(340));
        CLOCK.set(due);
        HubCli.Run plan = at(env, due).run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("~ redistribute workspaceone.credential-profile/windows-ws1 (3 devices expiring from");
        HubCli.Run sync = at(env, due).run("sync");
        assertThat(sync.exitCode()).as(sync.all()).isZero();

        for (String serial : firstWave) {
            assertThat(ws1.installCommands(serial)).as(serial + " was pushed once").isEqualTo(installsBefore.get(serial) + 1);
            JsonNode now = okta(ws1, serial);
            assertThat(now.get("Thumbprint").asText()).as(serial + " holds a new certificate").isNotEqualTo(oldThumbprints.get(serial));
        }
        for (String serial : laterWave) {
            assertThat(ws1.installCommands(serial)).as(serial + " is not in the due wave").isEqualTo(installsBefore.get(serial));
        }
        // The failing device never held a certificate, so it is in no wave: nothing to renew there.
        assertThat(ws1.installCommands(WorkspaceOneSimulator.BROKEN_SERIAL)).isEqualTo(installsBefore.get(WorkspaceOneSimulator.BROKEN_SERIAL));

        HubCli.Run status = at(env, due).run("status", "devices", "--output", "json");
        assertThat(status.exitCode()).as(status.all()).isZero();
        List<JsonNode> devices = StreamSupport.stream(new ObjectMapper().readTree(status.out()).get("devices").spliterator(), false)
                .toList();
        for (JsonNode d : devices) {
            String serial = d.get("serial_number").asText();
            if (firstWave.contains(serial)) {
                // Renewed before the old certificate (T0 + 365 days) expired; the new one runs a year from the push.
                assertThat(d.get("certificate").get("thumbprint").asText()).isEqualTo(okta(ws1, serial).get("Thumbprint").asText());
                assertThat(Instant.parse(d.get("certificate").get("expires").asText())).isAfter(T0.plus(Duration.ofDays(365)));
            }
        }

        HubCli.Run again = at(env, due).run("plan");
        assertThat(again.exitCode()).as("the wave is renewed, nothing more is due: " + again.all()).isZero();
    }

    private static JsonNode okta(WorkspaceOneSimulator ws1, String serial) {
        return ws1.deviceCertificates(serial).stream().filter(c -> !c.get("Issuer").asText().equals("AirWatchCa")).findFirst()
                .orElseThrow(() -> new AssertionError(serial + " holds no certificate from the profile"));
    }

    private HubCli at(Map<String, String> env, Instant now) {
        Map<String, String> moved = new HashMap<>(env);
        moved.put("SCEPHUB_NOW", now.toString());
        return new HubCli(dir, moved);
    }

}
