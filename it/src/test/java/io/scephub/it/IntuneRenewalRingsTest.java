package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.sandbox.GraphSimulator;
import io.scephub.sandbox.Sandbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Renewal rings on Intune against the Graph sandbox, which issues a certificate only when a device enters the
 * assignment of a profile version it holds none from. Scheduled-style syncs with a moved clock: the canary
 * re-enrols first, alone, the rest after the pause and within the budget, each through a per-wave profile version
 * and group; a wave whose devices all re-enrolled is retired (its group excluded from the old version); a device
 * whose enrolment fails is pushed again once and then reported; no device outside the due wave re-enrols.
 */
class IntuneRenewalRingsTest {
    @RegisterExtension
    static final RenewalFleet FLEET = new RenewalFleet();
    private static final Instant T0 = FLEET.t0();
    private static final SettableClock CLOCK = FLEET.clock();
    /** Syncs a little more than the budget window apart, so each window holds one sync's pushes. */
    private static final Duration SYNC_EVERY = Duration.ofMinutes(61);
    private static final String ENROLLMENT = "windows-intune";
    private static final String WAVE_MARKER = "[scephub:intune.renewal-wave/" + ENROLLMENT + ".w";
    private static final List<String> DUE = List.of("PC-A", "PC-B", "PC-C", "PC-D", "PC-E");
    private static final List<String> LATER = List.of("PC-L1", "PC-L2");

    @Test
    void aDueWaveReEnrolsThroughNewProfileVersionsCanaryFirstWithinTheBudgetAndAFailingDeviceIsReported(Sandbox sandbox)
            throws Exception {
        GraphSimulator graph = sandbox.graph();
        FLEET.converge(FLEET.intuneHeader() + RenewalFleet.intune(ENROLLMENT).validity("1y").canary("PC-A").pause("2h").budget(2, "1h")
                .maxRepush(1).yaml());
        String base = graph.deviceConfigurations().stream()
                .filter(p -> p.path("description").asText().endsWith("[scephub:intune.scep-profile/" + ENROLLMENT + "]"))
                .map(p -> p.get("id").asText()).findFirst().orElseThrow();
        Instant oldExpiry = T0.plus(Duration.ofDays(365));
        DUE.forEach(d -> graph.addDeviceCertificate(base, d, T0, oldExpiry));
        Instant laterIssued = T0.plus(Duration.ofDays(100));
        LATER.forEach(d -> graph.addDeviceCertificate(base, d, laterIssued, laterIssued.plus(Duration.ofDays(365))));
        Map<String, String> oldSerials = new HashMap<>();
        graph.deviceCertificates(base).forEach(c -> oldSerials.put(c.get("deviceDisplayName").asText(), c.get("certificateSerialNumber").asText()));
        graph.failEnrolment("PC-E", true);

        Instant first = T0.plus(Duration.ofDays(340));
        CLOCK.set(first);
        HubCli.Run plan = FLEET.at(first).run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).containsPattern("~ redistribute intune\\.scep-profile/windows-intune \\(1 device expiring from [^\\n]*"
                + "\\(re-enrols 1 device\\)");

        // Scheduled syncs, one window apart; which devices tried to enrol from a renewal version at each.
        Map<Instant, List<String>> pushedAt = new LinkedHashMap<>();
        Set<String> attempts = attempts(graph);
        Instant t = first;
        for (int sync = 0; sync < 6; sync++) {
            CLOCK.set(t);
            HubCli.Run run = FLEET.at(t).run("sync");
            assertThat(run.exitCode()).as(run.all()).isZero();
            Set<String> now = attempts(graph);
            pushedAt.put(t, now.stream().filter(a -> !attempts.contains(a)).map(a -> a.substring(0, a.indexOf('|'))).sorted().toList());
            attempts.addAll(now);
            t = t.plus(SYNC_EVERY);
        }
        List<List<String>> order = new ArrayList<>(pushedAt.values());
        assertThat(order.get(0)).as("the canary goes first, alone").containsExactly("PC-A");
        assertThat(order.get(1)).as("the rest waits the 2h pause after the canary re-enrolled").isEmpty();
        assertThat(order.get(2)).containsExactly("PC-B", "PC-C");
        assertThat(order.get(3)).containsExactly("PC-D", "PC-E");
        assertThat(order.get(4)).as("the failing device leaves and re-enters the wave once (maxRepush 1)").containsExactly("PC-E");
        assertThat(order.get(5)).as("then it is reported, not pushed again").isEmpty();
        pushedAt.values().forEach(p -> assertThat(p.size()).as("budget: 2 devices per hour").isLessThanOrEqualTo(2));
        Instant last = t.minus(SYNC_EVERY);
        assertThat(last).isBefore(oldExpiry);

        // Every device of the due wave but the failing one holds a new certificate, issued before its old one expired.
        for (String device : List.of("PC-A", "PC-B", "PC-C", "PC-D")) {
            JsonNode newest = newest(graph, device).orElseThrow();
            assertThat(newest.get("certificateSerialNumber").asText()).as(device).isNotEqualTo(oldSerials.get(device));
            assertThat(Instant.parse(newest.get("certificateIssuanceDateTime").asText())).as(device).isBefore(oldExpiry);
            assertThat(Instant.parse(newest.get("certificateExpirationDateTime").asText())).as(device).isAfter(oldExpiry);
        }
        assertThat(newest(graph, "PC-E").orElseThrow().get("certificateSerialNumber").asText()).as("the failing device kept its old one")
                .isEqualTo(oldSerials.get("PC-E"));
        for (String device : LATER) {
            assertThat(newest(graph, device).orElseThrow().get("certificateSerialNumber").asText()).as(device + " is in no due wave")
                    .isEqualTo(oldSerials.get(device));
            assertThat(pushedAt.values().stream().flatMap(List::stream)).doesNotContain(device);
        }

        // Waves: three versions, three groups, no duplicates; the two complete ones are retired on the old version.
        List<JsonNode> versions = graph.deviceConfigurations().stream().filter(p -> p.path("description").asText().contains(WAVE_MARKER)).toList();
        assertThat(versions).hasSize(3);
        List<JsonNode> waveGroups = graph.groups().stream().filter(g -> g.path("description").asText("").contains(WAVE_MARKER)).toList();
        assertThat(waveGroups).hasSize(3);
        Set<String> excludedOnBase = new HashSet<>();
        graph.assignments(base).stream().filter(a -> a.path("target").path("@odata.type").asText().endsWith("exclusionGroupAssignmentTarget"))
                .forEach(a -> excludedOnBase.add(a.path("target").path("groupId").asText()));
        Map<String, List<String>> membersByWave = new HashMap<>();
        waveGroups.forEach(g -> membersByWave.put(g.path("displayName").asText(), graph.groupMembers(g.get("id").asText())));
        assertThat(membersByWave).containsEntry("scephub renewal windows-intune wave 1", List.of("PC-A"))
                .containsEntry("scephub renewal windows-intune wave 2", List.of("PC-B", "PC-C"))
                .containsEntry("scephub renewal windows-intune wave 3", List.of("PC-D", "PC-E"));
        for (JsonNode g : waveGroups) {
            boolean retired = !g.path("displayName").asText().endsWith("wave 3");
            assertThat(excludedOnBase.contains(g.get("id").asText())).as(g.path("displayName").asText() + " retired").isEqualTo(retired);
        }
        assertThat(graph.deviceCertificates(base)).extracting(c -> c.get("deviceDisplayName").asText())
                .as("the retired waves' devices no longer hold the old version's certificate")
                .containsExactlyInAnyOrder("PC-D", "PC-E", "PC-L1", "PC-L2");
        for (JsonNode version : versions) {
            assertThat(graph.rootCertificateId(version.get("id").asText())).as("same trusted root").isEqualTo(graph.rootCertificateId(base));
        }

        HubCli.Run report = FLEET.at(last).run("plan");
        assertThat(report.exitCode()).as("nothing left to do: " + report.all()).isZero();
        assertThat(report.out()).contains("device PC-E (PC-E) did not re-enrol after 2 pushes (maxRepush 1)")
                .doesNotContain("intune.assignment/windows-intune");
        HubCli.Run again = FLEET.at(last.plus(Duration.ofMinutes(5))).run("sync");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(graph.deviceConfigurations().stream().filter(p -> p.path("description").asText().contains(WAVE_MARKER))).hasSize(3);

        // status devices agrees with what each simulated device holds.
        HubCli.Run status = FLEET.at(t).run("status", "devices", "--enrollment", ENROLLMENT, "--output", "json");
        assertThat(status.exitCode()).as(status.all()).isZero();
        JsonNode rows = new ObjectMapper().readTree(status.out()).get("devices");
        List<String> listed = new ArrayList<>();
        for (JsonNode row : rows) {
            String device = row.get("device_name").asText();
            if (!device.startsWith("PC-")) {
                continue;
            }
            listed.add(device);
            JsonNode held = newest(graph, device).orElseThrow();
            assertThat(row.get("certificate").get("thumbprint").asText()).as(device).isEqualTo(held.get("certificateThumbprint").asText());
            assertThat(row.path("detail").asText("").contains("renewal stuck")).as(device + " is stuck exactly when it is PC-E")
                    .isEqualTo(device.equals("PC-E"));
        }
        assertThat(listed).containsExactlyInAnyOrder("PC-A", "PC-B", "PC-C", "PC-D", "PC-E", "PC-L1", "PC-L2");
    }

    /** Every enrolment attempt from a renewal version so far, as {@code device|state id}. */
    private static Set<String> attempts(GraphSimulator graph) {
        Set<String> out = new HashSet<>();
        for (JsonNode version : graph.deviceConfigurations()) {
            if (version.path("description").asText().contains(WAVE_MARKER)) {
                graph.deviceCertificates(version.get("id").asText())
                        .forEach(c -> out.add(c.get("deviceDisplayName").asText() + "|" + c.get("id").asText()));
            }
        }
        return out;
    }

    /** The certificate a device holds that was issued last, across every profile. */
    private static Optional<JsonNode> newest(GraphSimulator graph, String device) {
        JsonNode best = null;
        for (JsonNode profile : graph.deviceConfigurations()) {
            if (!profile.path("@odata.type").asText().endsWith("SCEPCertificateProfile")) {
                continue;
            }
            for (JsonNode c : graph.deviceCertificates(profile.get("id").asText())) {
                if (c.get("deviceDisplayName").asText().equals(device) && c.get("certificateIssuanceState").asText().equals("issued")
                        && (best == null || Instant.parse(c.get("certificateIssuanceDateTime").asText())
                        .isAfter(Instant.parse(best.get("certificateIssuanceDateTime").asText())))) {
                    best = c;
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
