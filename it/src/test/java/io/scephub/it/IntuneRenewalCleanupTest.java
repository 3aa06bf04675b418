package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.sandbox.GraphSimulator;
import io.scephub.sandbox.Sandbox;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The life of Intune's renewal waves after they re-enrolled, against the Graph sandbox (which issues a certificate only
 * when a device enters a version's assignment and removes it when the device leaves it): a wave version is deleted by
 * the plan (a delete that re-enrols no device) once every device of it holds a certificate from a newer retired wave,
 * never while one still holds only its certificate; versions follow later changes of the profile's settings; removing
 * the enrollment deletes its waves with it and leaves objects without scephub's marker alone.
 */
class IntuneRenewalCleanupTest {
    @RegisterExtension
    static final RenewalFleet FLEET = new RenewalFleet();
    private static final Instant T0 = FLEET.t0();
    private static final SettableClock CLOCK = FLEET.clock();
    private static final Duration SYNC_EVERY = Duration.ofMinutes(61);
    private static final String ENROLLMENT = "windows-intune";
    private static final String WAVE_MARKER = "[scephub:intune.renewal-wave/" + ENROLLMENT + ".w";

    private static String enrollment(String validity) {
        return RenewalFleet.intune(ENROLLMENT).validity(validity).budget(1, "1h").yaml();
    }

    private static final String OTHER = """
              - name: macos-intune
                platform: macos
                mdm: intune
                challenge: delegated
                ca: okta
                groups:
                  include: [ "ODA Macs" ]
            """;

    @Test
    void oldWaveVersionsAreDeletedOnceNoDeviceHoldsOnlyTheirCertificateFollowTheProfileAndGoWithTheEnrollment(Sandbox sandbox)
            throws Exception {
        GraphSimulator graph = sandbox.graph();
        String header = FLEET.intuneHeader();
        FLEET.converge(header + enrollment("1y") + OTHER);
        String base = profileId(graph);
        Instant firstExpiry = T0.plus(Duration.ofDays(365));
        graph.addDeviceCertificate(base, "PC-A", T0, firstExpiry);
        graph.addDeviceCertificate(base, "PC-B", T0.plus(Duration.ofMinutes(1)), firstExpiry.plus(Duration.ofMinutes(1)));
        // A console-made group that looks like a wave's but carries no marker: never scephub's.
        String foreign = graph.addGroup("scephub renewal windows-intune wave 1 (copy)");

        // Year one: PC-A re-enrols into wave 1, which retires, then PC-B into wave 2 (budget 1 per hour). Nothing to delete:
        // each device holds only its own wave's certificate.
        Instant t = syncs(T0.plus(Duration.ofDays(340)), 3);
        assertThat(versions(graph)).hasSize(2);
        assertThat(held(graph, "PC-A")).containsExactly(versionNamed(graph, 1));
        assertThat(held(graph, "PC-B")).containsExactly(versionNamed(graph, 2));
        HubCli.Run quiet = FLEET.at(t).run("plan");
        assertThat(quiet.exitCode()).as(quiet.all()).isZero();
        assertThat(quiet.out()).doesNotContain("delete");

        // Year two: PC-A enters wave 3. Until wave 3 retires, PC-A still depends on wave 1: nothing is deleted.
        t = syncs(T0.plus(Duration.ofDays(340 + 365)), 1);
        assertThat(held(graph, "PC-A")).containsExactlyInAnyOrder(versionNamed(graph, 1), versionNamed(graph, 3));
        HubCli.Run early = FLEET.at(t).run("plan");
        assertThat(early.out()).as(early.all()).doesNotContain("intune.renewal-wave");

        // Wave 3 retires (PC-A loses wave 1's certificate) and PC-B enters wave 4: wave 1 is no longer needed, wave 2 is.
        t = syncs(t, 1);
        assertThat(held(graph, "PC-A")).containsExactly(versionNamed(graph, 3));
        assertThat(held(graph, "PC-B")).containsExactlyInAnyOrder(versionNamed(graph, 2), versionNamed(graph, 4));
        String wave1 = versionNamed(graph, 1);
        String group1 = groupNamed(graph, 1);
        Map<String, String> serials = serials(graph);
        HubCli.Run cleanup = FLEET.at(t).run("plan");
        assertThat(cleanup.exitCode()).as(cleanup.all()).isEqualTo(2);
        assertThat(cleanup.out()).contains("- delete intune.renewal-wave/windows-intune.w1 (re-enrols 0 devices)")
                .as("PC-B still depends on wave 2 until wave 4 retires").doesNotContain("windows-intune.w2 ")
                .doesNotContain("windows-intune.w3").doesNotContain("windows-intune.w4");
        t = syncs(t, 1);
        assertThat(graph.deviceConfiguration(wave1)).as("wave 1's version is deleted").isEmpty();
        assertThat(graph.groups()).extracting(g -> g.get("id").asText()).doesNotContain(group1).contains(foreign);
        for (JsonNode c : graph.deviceConfigurations()) {
            assertThat(excluded(graph, c.get("id").asText())).as("no exclusion of the deleted group is left").doesNotContain(group1);
        }
        assertThat(serials(graph).get("PC-A")).as("no device re-enrolled").isEqualTo(serials.get("PC-A"));
        assertThat(serials(graph).get("PC-B")).as("wave 4 retired: PC-B lost wave 2's certificate only")
                .isEqualTo(serials.get("PC-B|" + versionNamed(graph, 4)));

        // Wave 4 retired in that sync: now wave 2 goes too; waves 3 and 4 hold the devices' certificates and stay.
        HubCli.Run second = FLEET.at(t).run("plan");
        assertThat(second.out()).as(second.all()).contains("- delete intune.renewal-wave/windows-intune.w2 (re-enrols 0 devices)")
                .doesNotContain("windows-intune.w3").doesNotContain("windows-intune.w4");
        HubCli.Run applied = FLEET.at(t).run("apply", "--auto-approve");
        assertThat(applied.exitCode()).as(applied.all()).isZero();
        assertThat(versions(graph)).hasSize(2);
        assertThat(held(graph, "PC-A")).containsExactly(versionNamed(graph, 3));
        assertThat(held(graph, "PC-B")).containsExactly(versionNamed(graph, 4));
        HubCli.Run settled = FLEET.at(t).run("plan");
        assertThat(settled.exitCode()).as(settled.all()).isZero();

        // A later validity change: the plan counts every device of the enrollment, and the versions follow the profile.
        FLEET.write(header + enrollment("2y") + OTHER);
        HubCli.Run change = FLEET.at(t).run("plan");
        assertThat(change.out()).as(change.all()).contains("~ update intune.scep-profile/windows-intune (re-enrols 2 devices)");
        assertThat(FLEET.at(t).run("apply", "--auto-approve").exitCode()).isZero();
        for (String version : List.of(versionNamed(graph, 3), versionNamed(graph, 4))) {
            assertThat(graph.deviceConfiguration(version).orElseThrow().get("certificateValidityPeriodValue").asInt()).isEqualTo(2);
        }
        for (String device : List.of("PC-A", "PC-B")) {
            JsonNode cert = graph.deviceCertificates(held(graph, device).get(0)).stream()
                    .filter(c -> c.get("deviceDisplayName").asText().equals(device)).findFirst().orElseThrow();
            assertThat(Instant.parse(cert.get("certificateExpirationDateTime").asText())).as(device + " re-enrolled for 2 years")
                    .isAfter(t.plus(Duration.ofDays(700)));
        }

        // The enrollment leaves scephub.yaml: its waves are deleted with it, each re-enrolling no device.
        FLEET.write(header + OTHER);
        HubCli.Run removal = FLEET.at(t).run("plan");
        assertThat(removal.out()).as(removal.all())
                .contains("- delete intune.renewal-wave/windows-intune.w3 (re-enrols 0 devices)")
                .contains("- delete intune.renewal-wave/windows-intune.w4 (re-enrols 0 devices)")
                .contains("- delete intune.scep-profile/windows-intune (re-enrols 0 devices)");
        HubCli.Run removed = FLEET.at(t).run("apply", "--auto-approve");
        assertThat(removed.exitCode()).as(removed.all()).isZero();
        assertThat(versions(graph)).isEmpty();
        assertThat(graph.groups()).filteredOn(g -> g.path("description").asText("").contains(WAVE_MARKER)).isEmpty();
        assertThat(graph.groups()).extracting(g -> g.get("id").asText()).contains(foreign);
        assertThat(graph.deviceConfigurations()).filteredOn(c -> c.path("description").asText().contains("macos-intune]")).isNotEmpty();
        assertThat(FLEET.at(t).run("plan").exitCode()).isZero();
    }

    @Test
    void aDeviceThatLeftTheEnrollmentsGroupsIsNotPushedAgainAndHoldsUpNoWave(Sandbox sandbox) throws Exception {
        GraphSimulator graph = sandbox.graph();
        FLEET.converge(FLEET.intuneHeader() + RenewalFleet.intune(ENROLLMENT).validity("1y").budget(2, "1h").yaml());
        String base = profileId(graph);
        graph.addDeviceCertificate(base, "PC-A", T0, T0.plus(Duration.ofDays(365)));
        graph.addDeviceCertificate(base, "PC-B", T0, T0.plus(Duration.ofDays(365)));
        Instant t = syncs(T0.plus(Duration.ofDays(340)), 2);
        assertThat(held(graph, "PC-A")).containsExactly(versionNamed(graph, 1));
        assertThat(held(graph, "PC-B")).containsExactly(versionNamed(graph, 1));

        // PC-B leaves the enrollment's group; it stays in wave 1's group, which is scephub's.
        graph.removeGroupMember(GraphSimulator.seededGroupId("ODA Windows Pilot"), "PC-B");
        t = syncs(T0.plus(Duration.ofDays(340 + 340)), 2);
        assertThat(held(graph, "PC-A")).as("PC-A re-enrolled into wave 2").containsExactly(versionNamed(graph, 2));
        assertThat(graph.groupMembers(groupNamed(graph, 2))).as("PC-B is no longer the enrollment's to renew").containsExactly("PC-A");
        HubCli.Run cleanup = FLEET.at(t).run("plan");
        assertThat(cleanup.exitCode()).as(cleanup.all()).isEqualTo(2);
        assertThat(cleanup.out()).as("PC-B holds up no wave and is reported nowhere")
                .contains("- delete intune.renewal-wave/windows-intune.w1 (re-enrols 0 devices)").doesNotContain("PC-B")
                .doesNotContain("windows-intune.w2");
        HubCli.Run applied = FLEET.at(t).run("apply", "--auto-approve");
        assertThat(applied.exitCode()).as(applied.all()).isZero();
        assertThat(held(graph, "PC-B")).as("wave 1's version went, and its certificate with it").isEmpty();
        assertThat(held(graph, "PC-A")).containsExactly(versionNamed(graph, 2));
        HubCli.Run settled = FLEET.at(t).run("plan");
        assertThat(settled.exitCode()).as(settled.all()).isZero();
    }

    @Test
    void aWaveWhoseVersionWasDeletedByHandIsFoundAndItsGroupDeletedSoItsDevicesEnrolAgain(Sandbox sandbox) throws Exception {
        GraphSimulator graph = sandbox.graph();
        FLEET.converge(FLEET.intuneHeader() + RenewalFleet.intune(ENROLLMENT).validity("1y").budget(2, "1h").yaml());
        String base = profileId(graph);
        graph.addDeviceCertificate(base, "PC-A", T0, T0.plus(Duration.ofDays(365)));
        graph.addDeviceCertificate(base, "PC-B", T0, T0.plus(Duration.ofDays(365)));
        Instant t = syncs(T0.plus(Duration.ofDays(340)), 2);
        String group1 = groupNamed(graph, 1);
        assertThat(excluded(graph, base)).as("wave 1 retired").contains(group1);

        // Someone deletes wave 1's version in the Intune portal: its certificates go, and the profile still excludes them.
        graph.deleteDeviceConfiguration(versionNamed(graph, 1));
        assertThat(held(graph, "PC-A")).isEmpty();
        HubCli.Run plan = FLEET.at(t).run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("- delete intune.renewal-wave/windows-intune.w1 (re-enrols 2 devices)");
        HubCli.Run applied = FLEET.at(t).run("apply", "--auto-approve");
        assertThat(applied.exitCode()).as(applied.all()).isZero();
        assertThat(graph.groups()).extracting(g -> g.get("id").asText()).as("no orphan group").doesNotContain(group1);
        for (JsonNode c : graph.deviceConfigurations()) {
            assertThat(excluded(graph, c.get("id").asText())).as("no orphan exclusion").doesNotContain(group1);
        }
        assertThat(held(graph, "PC-A")).as("back in the profile's assignment: enrolled anew").containsExactly(base);
        assertThat(held(graph, "PC-B")).containsExactly(base);

        // Re-run: the sync converges (the sandbox's seeded devices, due since the profile holds no certificate state any
        // more, went through a wave of their own meanwhile); every wave group has its version, none is left over.
        t = syncs(t, 1);
        HubCli.Run again = FLEET.at(t).run("plan");
        assertThat(again.exitCode()).as("converged: " + again.all()).isZero();
        assertThat(graph.groups()).filteredOn(g -> g.path("description").asText("").contains(WAVE_MARKER)).hasSameSizeAs(versions(graph));
        assertThat(held(graph, "PC-A")).containsExactly(base);
        assertThat(held(graph, "PC-B")).containsExactly(base);
    }

    @Test
    void aRetiredWaveDeletedByHandAndARedistributionInOneApplyEnrolEachDeviceOnce(Sandbox sandbox) throws Exception {
        GraphSimulator graph = sandbox.graph();
        FLEET.converge(FLEET.intuneHeader() + RenewalFleet.intune(ENROLLMENT).validity("1y").budget(10, "1h").yaml());
        String base = profileId(graph);
        for (String device : List.of("PC-A", "PC-B")) {
            graph.addDeviceCertificate(base, device, T0, T0.plus(Duration.ofDays(365)));
            // Intune keeps a device's status report on the profile after its certificate went.
            graph.setDeviceStatus(base, graph.addManagedDevice(device, "SN-" + device), "compliant");
        }
        Instant t = syncs(T0.plus(Duration.ofDays(340)), 2);
        String group1 = groupNamed(graph, 1);
        assertThat(excluded(graph, base)).as("wave 1 retired").contains(group1);

        // Wave 1's version deleted in the portal: no device holds a certificate of the enrollment now, so the plan knows
        // the devices only by their status reports, as due. Deleting the wave's group lets PC-A and PC-B back into the
        // profile's assignment, which enrols them: the redistribution must not enrol them a second time in a new wave.
        graph.deleteDeviceConfiguration(versionNamed(graph, 1));
        HubCli.Run plan = FLEET.at(t).run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("- delete intune.renewal-wave/windows-intune.w1 (re-enrols 2 devices)")
                .contains("~ redistribute intune.scep-profile/windows-intune (2 devices expiring").contains("(re-enrols 2 devices)");
        HubCli.Run applied = FLEET.at(t).run("apply", "--auto-approve");
        assertThat(applied.exitCode()).as(applied.all()).isZero();
        for (String device : List.of("PC-A", "PC-B")) {
            assertThat(held(graph, device)).as(device + " enrolled once, through the profile: " + plan.out()).containsExactly(base);
        }
        for (String seeded : List.of("WIN-HEALTHY-01", "WIN-BROKEN-02")) {
            assertThat(held(graph, seeded)).as(seeded + " enrolled once, in the new wave").singleElement().isNotEqualTo(base);
        }
        Map<String, String> serials = serials(graph);

        t = syncs(t, 1);
        assertThat(serials(graph).get("PC-A")).as("nothing to settle: PC-A kept its one new certificate").isEqualTo(serials.get("PC-A"));
        assertThat(held(graph, "PC-A")).containsExactly(base);
        HubCli.Run again = FLEET.at(t).run("plan");
        assertThat(again.exitCode()).as("converged: " + again.all()).isZero();
    }

    @Test
    void aPlatformChangeDeletesTheOldPlatformsWaveVersionsBeforeTheReplacedProfileAndRoot(Sandbox sandbox) throws Exception {
        GraphSimulator graph = sandbox.graph();
        String header = FLEET.intuneHeader();
        FLEET.converge(header + RenewalFleet.intune(ENROLLMENT).validity("1y").budget(2, "1h").yaml());
        graph.addDeviceCertificate(profileId(graph), "PC-A", T0, T0.plus(Duration.ofDays(365)));
        Instant t = syncs(T0.plus(Duration.ofDays(340)), 2);
        assertThat(versions(graph)).hasSize(1);

        // A version is a SCEP profile of its platform's type bound to that platform's root: it cannot follow a macOS profile.
        FLEET.write(header + RenewalFleet.intune(ENROLLMENT).platform("macos").validity("1y").budget(2, "1h").yaml());
        HubCli.Run plan = FLEET.at(t).run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("- delete intune.renewal-wave/windows-intune.w1 (re-enrols 0 devices)");
        HubCli.Run applied = FLEET.at(t).run("apply", "--auto-approve");
        assertThat(applied.exitCode()).as("the versions went before the Windows root they were bound to: " + applied.all()).isZero();
        assertThat(versions(graph)).isEmpty();
        assertThat(graph.groups()).filteredOn(g -> g.path("description").asText("").contains(WAVE_MARKER)).isEmpty();
        assertThat(graph.deviceConfiguration(profileId(graph)).orElseThrow().get("@odata.type").asText()).endsWith("macOSScepCertificateProfile");
        HubCli.Run again = FLEET.at(t).run("plan");
        assertThat(again.exitCode()).as("converged: " + again.all()).isZero();
    }

    /** {@code count} syncs one budget window apart from {@code from}; answers the time of the next one. */
    private static Instant syncs(Instant from, int count) {
        Instant t = from;
        for (int i = 0; i < count; i++) {
            CLOCK.set(t);
            HubCli.Run run = FLEET.at(t).run("sync");
            assertThat(run.exitCode()).as(run.all()).isZero();
            t = t.plus(SYNC_EVERY);
        }
        CLOCK.set(t);
        return t;
    }

    private static String profileId(GraphSimulator graph) {
        return graph.deviceConfigurations().stream()
                .filter(p -> p.path("description").asText().endsWith("[scephub:intune.scep-profile/" + ENROLLMENT + "]"))
                .map(p -> p.get("id").asText()).findFirst().orElseThrow();
    }

    private static List<JsonNode> versions(GraphSimulator graph) {
        return graph.deviceConfigurations().stream().filter(p -> p.path("description").asText().contains(WAVE_MARKER)).toList();
    }

    private static String versionNamed(GraphSimulator graph, int wave) {
        return versions(graph).stream().filter(p -> p.path("description").asText().contains(WAVE_MARKER + wave + "]"))
                .map(p -> p.get("id").asText()).findFirst().orElseThrow(() -> new AssertionError("no version of wave " + wave));
    }

    private static String groupNamed(GraphSimulator graph, int wave) {
        return graph.groups().stream().filter(g -> g.path("displayName").asText().equals("scephub renewal " + ENROLLMENT + " wave " + wave))
                .map(g -> g.get("id").asText()).findFirst().orElseThrow();
    }

    /** The SCEP profiles (the enrollment's and its versions) a device holds an issued certificate from. */
    private static List<String> held(GraphSimulator graph, String device) {
        return graph.deviceConfigurations().stream().filter(p -> p.path("@odata.type").asText().endsWith("SCEPCertificateProfile"))
                .map(p -> p.get("id").asText())
                .filter(id -> graph.deviceCertificates(id).stream().anyMatch(c -> c.get("deviceDisplayName").asText().equals(device)
                        && c.get("certificateIssuanceState").asText().equals("issued")))
                .toList();
    }

    /** Each device's newest certificate serial by device name, and every serial by {@code device|profile id}. */
    private static Map<String, String> serials(GraphSimulator graph) {
        Map<String, String> out = new HashMap<>();
        Map<String, Instant> newest = new HashMap<>();
        for (JsonNode p : graph.deviceConfigurations()) {
            if (!p.path("@odata.type").asText().endsWith("SCEPCertificateProfile")) {
                continue;
            }
            for (JsonNode c : graph.deviceCertificates(p.get("id").asText())) {
                String device = c.get("deviceDisplayName").asText();
                Instant issued = Instant.parse(c.get("certificateIssuanceDateTime").asText());
                out.put(device + "|" + p.get("id").asText(), c.get("certificateSerialNumber").asText());
                if (!newest.containsKey(device) || issued.isAfter(newest.get(device))) {
                    newest.put(device, issued);
                    out.put(device, c.get("certificateSerialNumber").asText());
                }
            }
        }
        return out;
    }

    private static Set<String> excluded(GraphSimulator graph, String profileId) {
        return graph.assignments(profileId).stream()
                .filter(a -> a.path("target").path("@odata.type").asText().endsWith("exclusionGroupAssignmentTarget"))
                .map(a -> a.path("target").path("groupId").asText()).collect(Collectors.toSet());
    }
}
