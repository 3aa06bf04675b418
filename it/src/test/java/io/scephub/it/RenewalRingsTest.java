package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.sandbox.JamfSimulator;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.WorkspaceOneSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fleet on Intune, Jamf and Workspace ONE whose certificates expire in waves, driven by scheduled-style
 * syncs with a clock the test moves. Workspace ONE re-enrols device by device, so the renewal rings apply
 * there in full: canary first, a pause, a budget per window, bounded re-pushes of a device that fails, then
 * a report. Jamf redeploys to its whole scope and the plan says how many devices that re-enrols; Intune re-enrols the
 * due device through a renewal wave's new profile version (rings in full on Intune: {@code IntuneRenewalRingsTest}).
 */
class RenewalRingsTest {
    @RegisterExtension
    static final RenewalFleet FLEET = new RenewalFleet();
    private static final Instant T0 = FLEET.t0();
    private static final SettableClock CLOCK = FLEET.clock();
    /** Syncs a little more than the budget window apart, so each window holds one sync's pushes. */
    private static final Duration SYNC_EVERY = Duration.ofMinutes(61);

    @Test
    void dueWavesReEnrolCanaryFirstWithinTheBudgetAndAFailingDeviceIsRePushedThenReported(Sandbox sandbox) throws Exception {
        WorkspaceOneSimulator ws1 = sandbox.workspaceOne();
        FLEET.workspaceOneDevices("W1-A", "W1-B", "W1-C", "W1-E");
        FLEET.converge(SandboxConfig.header(sandbox, SandboxConfig.intune(sandbox), SandboxConfig.jamf(sandbox), SandboxConfig.workspaceOne(sandbox))
                + RenewalFleet.intune("windows-intune").yaml()
                + RenewalFleet.jamf("macos-jamf").subject("CN=$COMPUTERNAME ODA $UDID").validity("1y").yaml()
                + RenewalFleet.workspaceOne("windows-ws1").validity("1y").canary("PC-W1-A").pause("2h").budget(2, "1h").maxRepush(1).yaml());
        String intuneProfile = sandbox.graph().deviceConfigurations().stream()
                .filter(p -> p.path("description").asText().endsWith("[scephub:intune.scep-profile/windows-intune]"))
                .map(p -> p.get("id").asText()).findFirst().orElseThrow();
        sandbox.graph().addDeviceCertificate(intuneProfile, "PC-I-1", T0, T0.plus(Duration.ofDays(365)));
        long jamfProfile = sandbox.jamf().profile("scephub macos-jamf").orElseThrow().id();
        assertThat(sandbox.jamf().lastInstalled(jamfProfile, JamfSimulator.HEALTHY_COMPUTER)).contains(T0);

        // A second Workspace ONE wave enrols 100 days later; it is not due when the first one is.
        CLOCK.set(T0.plus(Duration.ofDays(100)));
        FLEET.workspaceOneDevices("W2-A", "W2-B");
        List<String> firstWave = List.of(WorkspaceOneSimulator.HEALTHY_SERIAL, "W1-A", "W1-B", "W1-C", "W1-E");
        List<String> all = new ArrayList<>(firstWave);
        all.addAll(List.of(WorkspaceOneSimulator.BROKEN_SERIAL, "W2-A", "W2-B"));
        Map<String, String> oldThumbprints = new HashMap<>();
        firstWave.forEach(s -> oldThumbprints.put(s, RenewalFleet.oktaCertificate(ws1, s).get("Thumbprint").asText()));
        ws1.failInstalls("W1-E", true);

        Instant first = T0.plus(Duration.ofDays(340));
        CLOCK.set(first);
        HubCli.Run plan = FLEET.at(first).run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out())
                .contains("~ redistribute workspaceone.credential-profile/windows-ws1 (1 device expiring from")
                .contains("(re-enrols 1 device)")
                .contains("~ redistribute jamf.configuration-profile/macos-jamf (1 device expiring from")
                .containsPattern("~ redistribute intune\\.scep-profile/windows-intune \\(1 device expiring from [^\\n]*batch 1 of 1\\)"
                        + " \\(re-enrols 1 device\\)\\n");

        // Scheduled syncs, one window apart; who got pushed at each.
        Map<Instant, List<String>> pushedAt = new LinkedHashMap<>();
        Map<String, Integer> installs = installs(ws1, all);
        Instant t = first;
        for (int sync = 0; sync < 6; sync++) {
            CLOCK.set(t);
            HubCli.Run run = FLEET.at(t).run("sync");
            assertThat(run.exitCode()).as(run.all()).isZero();
            Map<String, Integer> after = installs(ws1, all);
            List<String> pushed = all.stream().filter(s -> after.get(s) > installs.get(s)).toList();
            pushedAt.put(t, pushed);
            installs.putAll(after);
            t = t.plus(SYNC_EVERY);
        }
        List<List<String>> order = new ArrayList<>(pushedAt.values());
        assertThat(order.get(0)).as("the canary goes first, alone").containsExactly("W1-A");
        assertThat(order.get(1)).as("the rest waits the 2h pause after the canary re-enrolled").isEmpty();
        assertThat(order.get(2)).containsExactlyInAnyOrder("W1-B", "W1-C");
        assertThat(order.get(3)).containsExactlyInAnyOrder("W1-E", WorkspaceOneSimulator.HEALTHY_SERIAL);
        assertThat(order.get(4)).as("the failing device is pushed again once (maxRepush 1)").containsExactly("W1-E");
        assertThat(order.get(5)).as("then it is reported, not pushed again").isEmpty();
        pushedAt.values().forEach(p -> assertThat(p.size()).as("budget: 2 devices per hour").isLessThanOrEqualTo(2));
        Instant last = t.minus(SYNC_EVERY);
        HubCli.Run report = FLEET.at(last).run("plan");
        assertThat(report.exitCode()).as("nothing left to push: " + report.all()).isZero();
        assertThat(report.out()).contains("device PC-W1-E (").contains("did not re-enrol after 2 pushes (maxRepush 1)")
                .contains("scephub doctor --device PC-W1-E");

        Instant oldExpiry = T0.plus(Duration.ofDays(365));
        assertThat(t).isBefore(oldExpiry);
        for (String serial : List.of(WorkspaceOneSimulator.HEALTHY_SERIAL, "W1-A", "W1-B", "W1-C")) {
            JsonNode now = RenewalFleet.oktaCertificate(ws1, serial);
            assertThat(now.get("Thumbprint").asText()).as(serial + " holds a new certificate").isNotEqualTo(oldThumbprints.get(serial));
        }
        assertThat(RenewalFleet.oktaCertificate(ws1, "W1-E").get("Thumbprint").asText()).as("the failing device kept its old certificate")
                .isEqualTo(oldThumbprints.get("W1-E"));
        for (String serial : List.of("W2-A", "W2-B", WorkspaceOneSimulator.BROKEN_SERIAL)) {
            assertThat(pushedAt.values().stream().flatMap(List::stream)).as(serial + " is in no due wave").doesNotContain(serial);
        }
        // Jamf redeployed to its whole scope at the first due sync: the Mac installed again and enrolled.
        assertThat(sandbox.jamf().lastInstalled(jamfProfile, JamfSimulator.HEALTHY_COMPUTER)).contains(first);
        // Intune re-enrolled the device through the wave's new version at the first due sync; the old version is retired on it.
        String intuneWave = sandbox.graph().deviceConfigurations().stream()
                .filter(p -> p.path("description").asText().endsWith("[scephub:intune.renewal-wave/windows-intune.w1]"))
                .map(p -> p.get("id").asText()).findFirst().orElseThrow();
        assertThat(sandbox.graph().deviceCertificates(intuneWave)).singleElement().satisfies(c -> {
            assertThat(c.get("deviceDisplayName").asText()).isEqualTo("PC-I-1");
            assertThat(c.get("certificateIssuanceDateTime").asText()).isEqualTo(first.toString());
        });
        assertThat(sandbox.graph().deviceCertificates(intuneProfile)).as("the old version's certificate left the device").isEmpty();

        // status devices agrees with what each simulated device holds.
        HubCli.Run status = FLEET.at(t).run("status", "devices", "--enrollment", "windows-ws1", "--output", "json");
        assertThat(status.exitCode()).as(status.all()).isZero();
        JsonNode rows = new ObjectMapper().readTree(status.out()).get("devices");
        List<String> listed = new ArrayList<>();
        for (JsonNode row : rows) {
            String serial = row.get("serial_number").asText();
            listed.add(serial);
            List<JsonNode> held = ws1.deviceCertificates(serial).stream().filter(c -> !c.get("Issuer").asText().equals("AirWatchCa")).toList();
            if (held.isEmpty()) {
                assertThat(row.get("certificate").isNull()).as(serial).isTrue();
            } else {
                assertThat(row.get("certificate").get("thumbprint").asText()).as(serial).isEqualTo(held.get(0).get("Thumbprint").asText());
            }
            assertThat(row.path("detail").asText("")).as(serial + " is reported stuck exactly when it is the failing device")
                    .contains(serial.equals("W1-E") ? "renewal stuck: pushed 2 times" : "")
                    .satisfies(detail -> assertThat(detail.contains("renewal stuck")).isEqualTo(serial.equals("W1-E")));
            assertThat(row.get("delivery").asText()).as(serial)
                    .isEqualTo(serial.equals("W1-E") || serial.equals(WorkspaceOneSimulator.BROKEN_SERIAL) ? "failed" : "installed");
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(all);
    }

    private static Map<String, Integer> installs(WorkspaceOneSimulator ws1, List<String> serials) {
        Map<String, Integer> out = new HashMap<>();
        serials.forEach(s -> out.put(s, ws1.installCommands(s)));
        return out;
    }
}
