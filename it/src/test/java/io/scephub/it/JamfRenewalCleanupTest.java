package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.JamfSimulator;
import io.scephub.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jamf's renewal group after an interrupted re-enrolment left it, empty, in the profile's exclusions: the plan deletes it
 * (re-enrolling no Mac) while the enrollment stays, and before the profile when the enrollment leaves scephub.yaml, so
 * the profile's exclusion still proves it scephub's when it goes.
 */
class JamfRenewalCleanupTest {
    private static final RenewalFleet FLEET = new RenewalFleet();
    private static final Instant T0 = FLEET.t0();
    private static final String GROUP = "scephub renewal macos-jamf";
    private static final String ENROLLMENT = """
              - name: macos-jamf
                platform: macos
                mdm: jamf
                challenge: dynamic
                ca: okta
                groups:
                  include: [ "ODA Macs" ]
                renewal:
                  leadTime: 30d
            """;
    private static final String OTHER = ENROLLMENT.replace("macos-jamf", "macos-jamf-b");
    private static Sandbox sandbox;

    @TempDir
    Path dir;

    @RegisterExtension
    static final SandboxExtension SANDBOX = FLEET.sandboxes();

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    @Test
    void aRenewalGroupLeftEmptyIsDeletedByThePlanAndBeforeTheProfileWhenTheEnrollmentLeaves() throws Exception {
        FLEET.begin(sandbox, dir);
        FLEET.jamfComputers("MAC-", "U", "A");
        String header = SandboxConfig.header(sandbox, SandboxConfig.jamf(sandbox) + """
                    renewal:
                      reenrol: wave
                """);
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
        Files.writeString(dir.resolve("scephub.yaml"), header + OTHER);
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

    /** What a re-enrolment that stopped after letting its Macs back in leaves: the group, empty, in the exclusions. */
    private static void leftEmptyInTheExclusions(JamfSimulator jamf, long profileId) {
        long groupId = jamf.seedGroup(GROUP, false, List.of());
        jamf.editProfile(profileId, p -> new JamfSimulator.Profile(p.id(), p.name(), p.description(), p.level(), p.uuid(),
                p.redeployOnUpdate(), p.distributionMethod(), p.payloads(), p.includedGroups(),
                List.of(new JamfSimulator.Group(groupId, GROUP, false))));
    }
}
