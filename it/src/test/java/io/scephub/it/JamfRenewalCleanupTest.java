package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.sandbox.JamfSimulator;
import io.scephub.sandbox.Sandbox;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jamf's renewal group after an interrupted re-enrolment left it, empty, in the profile's exclusions: the plan deletes it
 * (re-enrolling no Mac) while the enrollment stays, and before the profile when the enrollment leaves scephub.yaml, so
 * the profile's exclusion still proves it scephub's when it goes; one still holding Macs goes with its enrollment too.
 */
class JamfRenewalCleanupTest {
    @RegisterExtension
    static final RenewalFleet FLEET = new RenewalFleet();
    private static final Instant T0 = FLEET.t0();
    private static final String GROUP = "scephub renewal macos-jamf";
    private static final String ENROLLMENT = RenewalFleet.jamf("macos-jamf").yaml();
    private static final String OTHER = RenewalFleet.jamf("macos-jamf-b").yaml();

    @Test
    void aRenewalGroupLeftEmptyIsDeletedByThePlanAndBeforeTheProfileWhenTheEnrollmentLeaves(Sandbox sandbox) throws Exception {
        FLEET.jamfComputers("MAC-", "U", "A");
        String header = FLEET.jamfHeader(true);
        FLEET.converge(header + ENROLLMENT + OTHER);
        JamfSimulator jamf = sandbox.jamf();
        long profileId = jamf.profile("scephub macos-jamf").orElseThrow().id();
        int installs = jamf.installCommands("MAC-A");

        leftEmptyInTheExclusions(jamf, profileId);
        HubCli.Run plan = FLEET.at(T0).run("plan", "--refresh");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("- delete jamf.renewal-group/macos-jamf (re-enrols 0 devices)")
                .doesNotContain("jamf.configuration-profile/macos-jamf");
        HubCli.Run applied = FLEET.at(T0).run("apply", "--auto-approve", "--refresh");
        assertThat(applied.exitCode()).as(applied.all()).isZero();
        assertThat(jamf.groups()).noneMatch(g -> g.name().equals(GROUP));
        assertThat(jamf.profile("scephub macos-jamf").orElseThrow().excludedGroups()).isEmpty();
        assertThat(jamf.installCommands("MAC-A")).as("no Mac re-enrolled").isEqualTo(installs);
        assertThat(FLEET.at(T0).run("plan", "--refresh").exitCode()).isZero();

        // Left again, then the enrollment leaves scephub.yaml: the group goes first, then the profile.
        leftEmptyInTheExclusions(jamf, profileId);
        FLEET.write(header + OTHER);
        HubCli.Run removal = FLEET.at(T0).run("plan", "--refresh");
        assertThat(removal.out()).as(removal.all()).contains("- delete jamf.renewal-group/macos-jamf (re-enrols 0 devices)")
                .contains("- delete jamf.configuration-profile/macos-jamf (re-enrols 0 devices)");
        assertThat(removal.out().indexOf("jamf.renewal-group/macos-jamf"))
                .isLessThan(removal.out().indexOf("delete jamf.configuration-profile/macos-jamf"));
        HubCli.Run removed = FLEET.at(T0).run("apply", "--auto-approve", "--refresh");
        assertThat(removed.exitCode()).as(removed.all()).isZero();
        assertThat(jamf.groups()).noneMatch(g -> g.name().equals(GROUP));
        assertThat(jamf.profile("scephub macos-jamf")).isEmpty();
        assertThat(jamf.profile("scephub macos-jamf-b")).isPresent();
    }

    @Test
    void aRenewalGroupStillHoldingMacsIsLetOutAndDeletedBeforeTheProfileWhenTheEnrollmentLeaves(Sandbox sandbox) throws Exception {
        FLEET.jamfComputers("MAC-", "U", "A");
        String header = FLEET.jamfHeader(true);
        FLEET.converge(header + ENROLLMENT + OTHER);
        JamfSimulator jamf = sandbox.jamf();
        long profileId = jamf.profile("scephub macos-jamf").orElseThrow().id();

        // A re-enrolment stopped before it let its Mac back in; then the enrollment leaves scephub.yaml.
        leftInTheExclusions(jamf, profileId, List.of("MAC-A"));
        FLEET.write(header + OTHER);
        HubCli.Run removal = FLEET.at(T0).run("plan", "--refresh");
        assertThat(removal.exitCode()).as(removal.all()).isEqualTo(2);
        assertThat(removal.out()).contains("- delete jamf.renewal-group/macos-jamf (re-enrols 0 devices)")
                .contains("- delete jamf.configuration-profile/macos-jamf (re-enrols 0 devices)");
        assertThat(removal.out().indexOf("jamf.renewal-group/macos-jamf"))
                .isLessThan(removal.out().indexOf("delete jamf.configuration-profile/macos-jamf"));
        HubCli.Run removed = FLEET.at(T0).run("apply", "--auto-approve", "--refresh");
        assertThat(removed.exitCode()).as(removed.all()).isZero();
        assertThat(jamf.groups()).as("the group went with its enrollment").noneMatch(g -> g.name().equals(GROUP));
        assertThat(jamf.profile("scephub macos-jamf")).isEmpty();
        assertThat(jamf.profile("scephub macos-jamf-b")).isPresent();
        HubCli.Run again = FLEET.at(T0).run("plan", "--refresh");
        assertThat(again.exitCode()).as(again.all()).isZero();
    }

    /** What a re-enrolment that stopped after letting its Macs back in leaves: the group, empty, in the exclusions. */
    private static void leftEmptyInTheExclusions(JamfSimulator jamf, long profileId) {
        leftInTheExclusions(jamf, profileId, List.of());
    }

    /** The renewal group holding {@code macs} in the profile's exclusions. */
    private static void leftInTheExclusions(JamfSimulator jamf, long profileId, List<String> macs) {
        long groupId = jamf.seedGroup(GROUP, false, macs);
        jamf.editProfile(profileId, p -> new JamfSimulator.Profile(p.id(), p.name(), p.description(), p.level(), p.uuid(),
                p.redeployOnUpdate(), p.distributionMethod(), p.payloads(), p.includedGroups(),
                List.of(new JamfSimulator.Group(groupId, GROUP, false))));
    }
}
