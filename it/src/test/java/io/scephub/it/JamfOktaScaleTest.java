package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.Vendor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #8 for okta + jamf through the CLI: a first apply and a converged plan cost a constant
 * number of requests per enrollment (one listing per plan, lookups before creates from it, groups
 * resolved once), read from the simulators' request journals at 1, 2 and 20 enrollments.
 */
@ExtendWith(SandboxExtension.class)
class JamfOktaScaleTest {
    private static Sandbox sandbox;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    /**
     * Requests of {apply Okta, apply Jamf, plan Okta, plan Jamf, plan --refresh Jamf} for n jamf enrollments from
     * empty, each n with its own state store (the reset sandbox hands out the same ids again).
     */
    private int[] requests(int n) throws Exception {
        sandbox.reset();
        Path dir = Files.createDirectories(this.dir.resolve("n" + n));
        StringBuilder enrollments = new StringBuilder();
        for (int i = 0; i < n; i++) {
            enrollments.append("""
                      - name: mac-%d
                        platform: macos
                        mdm: jamf
                        challenge: dynamic
                        ca: okta
                        certificate:
                          subject: "CN=$COMPUTERNAME ODA $UDID"
                          keySize: 2048
                          validity: 1y
                        groups:
                          include: [ "ODA Macs" ]
                          exclude: [ "ODA Pilot Macs" ]
                    """.formatted(i));
        }
        Files.writeString(dir.resolve("scephub.yaml"),
                SandboxConfig.header(sandbox, SandboxConfig.jamf(sandbox))
                + enrollments.toString().stripTrailing());
        HubCli cli = new HubCli(dir, SandboxConfig.credentials(sandbox));
        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        int applyOkta = sandbox.requests().of(Vendor.OKTA).size();
        int applyJamf = sandbox.requests().of(Vendor.JAMF).size();
        sandbox.requests().clear();
        HubCli.Run plan = cli.run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        int planOkta = sandbox.requests().of(Vendor.OKTA).size();
        int planJamf = sandbox.requests().of(Vendor.JAMF).size();
        sandbox.requests().clear();
        HubCli.Run refresh = cli.run("plan", "--refresh");
        assertThat(refresh.exitCode()).as(refresh.all()).isZero();
        return new int[] {applyOkta, applyJamf, planOkta, planJamf, sandbox.requests().of(Vendor.JAMF).size()};
    }

    @Test
    void requestsPerEnrollmentAreTheSameAtOneAndTwentyEnrollments() throws Exception {
        int[] one = requests(1);
        int[] two = requests(2);
        int[] twenty = requests(20);

        int[] perEnrollment = new int[5];
        for (int i = 0; i < 5; i++) {
            perEnrollment[i] = two[i] - one[i];
            assertThat(twenty[i]).as("measure %d: 1 -> %d, 2 -> %d, 20 -> %d", i, one[i], two[i], twenty[i])
                    .isEqualTo(one[i] + 19 * perEnrollment[i]);
        }
        // First apply: Okta one POST per configuration; Jamf the POST and its read-back GET.
        assertThat(perEnrollment[0]).isEqualTo(1);
        assertThat(perEnrollment[1]).isEqualTo(2);
        // A converged plan: Okta lists (paged at 200) whatever the count; Jamf lists and takes the profiles the apply
        // wrote from kept reads. With --refresh, one GET per profile (Classic has no bulk read).
        assertThat(perEnrollment[2]).isZero();
        assertThat(perEnrollment[3]).isZero();
        assertThat(perEnrollment[4]).isEqualTo(1);
    }
}
