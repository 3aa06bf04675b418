package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.WorkspaceOneSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Workspace ONE with Okta as the CA: devices enrolled in two waves; when the first wave is due, a
 * sync pushes the profile again to exactly that wave's devices, each enrols for a new certificate
 * before its old one expires, and the second wave is left alone.
 */
class WorkspaceOneReenrolmentTest {
    @RegisterExtension
    static final RenewalFleet FLEET = new RenewalFleet();
    private static final Instant T0 = FLEET.t0();
    private static final SettableClock CLOCK = FLEET.clock();

    @Test
    void onlyTheDueWaveIsPushedAgainAndEachOfItsDevicesHoldsANewCertificateBeforeTheOldExpires(Sandbox sandbox) throws Exception {
        WorkspaceOneSimulator ws1 = sandbox.workspaceOne();
        FLEET.workspaceOneDevices("WAVE1-A", "WAVE1-B");
        FLEET.converge(SandboxConfig.header(sandbox, SandboxConfig.workspaceOne(sandbox)) + """
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

        // The second wave enrols 100 days later: its certificates expire 100 days after the first wave's.
        Instant secondWave = T0.plus(Duration.ofDays(100));
        CLOCK.set(secondWave);
        FLEET.workspaceOneDevices("WAVE2-A", "WAVE2-B");
        List<String> firstWave = List.of(WorkspaceOneSimulator.HEALTHY_SERIAL, "WAVE1-A", "WAVE1-B");
        List<String> laterWave = List.of("WAVE2-A", "WAVE2-B");
        Map<String, Integer> installsBefore = new HashMap<>();
        for (String serial : List.of(WorkspaceOneSimulator.HEALTHY_SERIAL, WorkspaceOneSimulator.BROKEN_SERIAL, "WAVE1-A", "WAVE1-B",
                "WAVE2-A", "WAVE2-B")) {
            installsBefore.put(serial, ws1.installCommands(serial));
        }
        Map<String, String> oldThumbprints = new HashMap<>();
        firstWave.forEach(s -> oldThumbprints.put(s, RenewalFleet.oktaCertificate(ws1, s).get("Thumbprint").asText()));

        Instant beforeDue = T0.plus(Duration.ofDays(330));
        CLOCK.set(beforeDue);
        HubCli.Run early = FLEET.at(beforeDue).run("plan");
        assertThat(early.exitCode()).as("nothing is due 35 days before the first expiry: " + early.all()).isZero();

        Instant due = T0.plus(Duration.ofDays(340));
        CLOCK.set(due);
        HubCli.Run plan = FLEET.at(due).run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("~ redistribute workspaceone.credential-profile/windows-ws1 (3 devices expiring from");
        HubCli.Run sync = FLEET.at(due).run("sync");
        assertThat(sync.exitCode()).as(sync.all()).isZero();

        for (String serial : firstWave) {
            assertThat(ws1.installCommands(serial)).as(serial + " was pushed once").isEqualTo(installsBefore.get(serial) + 1);
            JsonNode now = RenewalFleet.oktaCertificate(ws1, serial);
            assertThat(now.get("Thumbprint").asText()).as(serial + " holds a new certificate").isNotEqualTo(oldThumbprints.get(serial));
        }
        for (String serial : laterWave) {
            assertThat(ws1.installCommands(serial)).as(serial + " is not in the due wave").isEqualTo(installsBefore.get(serial));
        }
        // The failing device never held a certificate, so it is in no wave: nothing to renew there.
        assertThat(ws1.installCommands(WorkspaceOneSimulator.BROKEN_SERIAL)).isEqualTo(installsBefore.get(WorkspaceOneSimulator.BROKEN_SERIAL));

        HubCli.Run status = FLEET.at(due).run("status", "devices", "--output", "json");
        assertThat(status.exitCode()).as(status.all()).isZero();
        List<JsonNode> devices = StreamSupport.stream(new ObjectMapper().readTree(status.out()).get("devices").spliterator(), false)
                .toList();
        for (JsonNode d : devices) {
            String serial = d.get("serial_number").asText();
            if (firstWave.contains(serial)) {
                // Renewed before the old certificate (T0 + 365 days) expired; the new one runs a year from the push.
                assertThat(d.get("certificate").get("thumbprint").asText()).isEqualTo(RenewalFleet.oktaCertificate(ws1, serial).get("Thumbprint").asText());
                assertThat(Instant.parse(d.get("certificate").get("expires").asText())).isAfter(T0.plus(Duration.ofDays(365)));
            }
        }

        HubCli.Run again = FLEET.at(due).run("plan");
        assertThat(again.exitCode()).as("the wave is renewed, nothing more is due: " + again.all()).isZero();
    }
}
