package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.Fault;
import io.scephub.sandbox.JamfSimulator;
import io.scephub.sandbox.RecordedRequest;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.Vendor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** okta + jamf through the real CLI against the sandbox: the Jamf profile follows Okta's dynamic SCEP configuration. */
@ExtendWith(SandboxExtension.class)
class JamfAgainstSandboxTest {
    private static Sandbox sandbox;

    @TempDir
    Path dir;

    private HubCli cli;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    @BeforeEach
    void resetSandbox() {
        sandbox.reset();
        cli = new HubCli(dir, SandboxConfig.credentials(sandbox));
    }

    private void write(String include) throws Exception {
        Files.writeString(dir.resolve("scephub.yaml"),
                SandboxConfig.header(sandbox, SandboxConfig.jamf(sandbox)) + """
                  - name: macos-jamf
                    platform: macos
                    mdm: jamf
                    challenge: dynamic
                    ca: okta
                    certificate:
                      subject: "CN=$COMPUTERNAME ODA $UDID"
                      keySize: 2048
                      validity: 1y
                    groups:
                      include: [ %s ]
                """.formatted(include));
    }

    @Test
    void planApplyPlanConvergesAndTheProfilePointsAtOkta() throws Exception {
        write("\"ODA Macs\"");
        HubCli.Run plan = cli.run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("okta.scep-configuration/macos-jamf").contains("jamf.configuration-profile/macos-jamf");

        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        HubCli.Run again = cli.run("plan");
        assertThat(again.exitCode()).as(again.all()).isZero();

        JamfSimulator.Profile profile = sandbox.jamf().profile("scephub macos-jamf").orElseThrow();
        String scepUrl = sandbox.okta().registrationAuthorities().get(0).path("scepUrl").asText();
        assertThat(profile.level()).isEqualTo("System");
        assertThat(profile.payloads()).contains(scepUrl);
        assertThat(profile.includedGroups()).extracting(JamfSimulator.Group::name).containsExactly("ODA Macs");
        // The password Okta showed once when it created the dynamic configuration reached Jamf in the same apply.
        String raId = sandbox.okta().registrationAuthorities().get(0).path("id").asText();
        String oktaPassword = sandbox.okta().dynamicPassword(raId).orElseThrow();
        assertThat(profile.payloads()).contains(oktaPassword);
        assertThat(again.out()).doesNotContain("has no dynamic-challenge password");
        assertThat(apply.all() + plan.all() + again.all()).doesNotContain(oktaPassword);
    }

    /**
     * Issue #7 item 11: the first apply creates Okta's configuration (whose password Okta shows once)
     * and then fails to create the Jamf profile. The next plan has Okta issue new credentials and the
     * profile gets the new password in the same apply; nothing shows the password.
     */
    @Test
    void aPasswordLostByAFailedFirstApplyIsRecoveredByRotatingOktasCredentialsInTheNextApply() throws Exception {
        write("\"ODA Macs\"");
        assertThat(cli.run("plan").exitCode()).isEqualTo(2);
        int readRequests = sandbox.requests().of(Vendor.JAMF).size();
        sandbox.requests().clear();
        // The Jamf requests after the plan's read start with the profile's POST: from there on Jamf answers 502.
        // (A single 502 is not enough: apply looks for the marker and creates again within the run.)
        sandbox.faults().nextN(Vendor.JAMF, readRequests, Fault.delay(java.time.Duration.ZERO));
        sandbox.faults().everyNth(Vendor.JAMF, 1, Fault.status(502));
        HubCli.Run failed = cli.run("apply", "--auto-approve");
        sandbox.faults().clear();
        assertThat(failed.exitCode()).as(failed.all()).isNotZero();
        List<RecordedRequest> jamf = sandbox.requests().of(Vendor.JAMF);
        assertThat(jamf.get(readRequests)).satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).contains("osxconfigurationprofiles");
            assertThat(r.faulted()).isTrue();
        });
        assertThat(sandbox.okta().registrationAuthorities()).hasSize(1);
        assertThat(sandbox.jamf().profiles()).isEmpty();
        String raId = sandbox.okta().registrationAuthorities().get(0).path("id").asText();
        String firstPassword = sandbox.okta().dynamicPassword(raId).orElseThrow();

        HubCli.Run plan = cli.run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("~ update okta.scep-configuration/macos-jamf").contains("~ password: (none) -> (known after apply)")
                .contains("+ create jamf.configuration-profile/macos-jamf").contains("issues a new one");

        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        String newPassword = sandbox.okta().dynamicPassword(raId).orElseThrow();
        assertThat(newPassword).isNotEqualTo(firstPassword);
        assertThat(sandbox.jamf().profile("scephub macos-jamf").orElseThrow().payloads()).contains(newPassword);
        assertThat(sandbox.okta().registrationAuthorities()).hasSize(1);
        assertThat(sandbox.jamf().profiles()).hasSize(1);

        HubCli.Run again = cli.run("plan");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).contains("No changes");
        HubCli.Run online = cli.run("validate", "--online");
        assertThat(online.exitCode()).as(online.all()).isZero();
        assertThat(online.out()).contains("jamf.configuration-profile.challenge-password");
        assertThat(failed.all() + plan.all() + apply.all() + again.all() + online.all())
                .doesNotContain(firstPassword).doesNotContain(newPassword);
    }

    /** A profile that holds no password (made before this was fixed, or emptied by hand) fails validate --online with exit 3. */
    @Test
    void aProfileWithoutPasswordFailsOnlineValidationAndTheNextApplyRestoresIt() throws Exception {
        write("\"ODA Macs\"");
        assertThat(cli.run("apply", "--auto-approve").exitCode()).isZero();
        JamfSimulator.Profile profile = sandbox.jamf().profile("scephub macos-jamf").orElseThrow();
        String raId = sandbox.okta().registrationAuthorities().get(0).path("id").asText();
        String password = sandbox.okta().dynamicPassword(raId).orElseThrow();
        assertThat(profile.payloads()).contains(password);
        sandbox.jamf().replacePayloads(profile.id(), profile.payloads().replaceAll("<key>Password</key>\\s*<string>[^<]*</string>", ""));
        assertThat(sandbox.jamf().profile("scephub macos-jamf").orElseThrow().payloads()).doesNotContain(password);

        HubCli.Run online = cli.run("validate", "--online");
        assertThat(online.exitCode()).as(online.all()).isEqualTo(3);
        assertThat(online.out()).contains("jamf.configuration-profile.challenge-password").contains("no dynamic-challenge password");

        HubCli.Run plan = cli.run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("~ update okta.scep-configuration/macos-jamf")
                .contains("~ update jamf.configuration-profile/macos-jamf");
        assertThat(cli.run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(sandbox.jamf().profile("scephub macos-jamf").orElseThrow().payloads())
                .contains(sandbox.okta().dynamicPassword(raId).orElseThrow());
        assertThat(cli.run("plan").exitCode()).isZero();
        assertThat(cli.run("validate", "--online").exitCode()).isZero();
    }

    /** Issue #7 item 10: if Jamf drops the challenge keys, apply, plan and validate --online say so instead of updating forever. */
    @Test
    void jamfDroppingTheChallengeKeysFailsApplyPlanAndOnlineValidationPlainly() throws Exception {
        write("\"ODA Macs\"");
        sandbox.jamf().rerenderScepPayloads(true);

        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(1);
        assertThat(apply.all()).contains("did not keep the Dynamic-Microsoft CA challenge settings");
        HubCli.Run plan = cli.run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(1);
        assertThat(plan.err()).containsPattern("scephub\\.yaml:\\d+:\\d+: enrollments\\[0\\]\\.challenge: Jamf did not keep")
                .contains("updating again would not help");
        HubCli.Run online = cli.run("validate", "--online");
        assertThat(online.exitCode()).as(online.all()).isEqualTo(3);
        assertThat(online.out()).contains("jamf.configuration-profile.challenge-settings");
        assertThat(sandbox.jamf().profiles()).hasSize(1);
    }

    /** Issue #9 item 7: an unknown Jamf group stops the plan before anything is applied at any vendor. */
    @Test
    void anUnknownGroupStopsThePlanBeforeAnythingIsApplied() throws Exception {
        write("\"ODA Macs\", \"No Such Group\"");

        HubCli.Run apply = cli.run("apply", "--auto-approve");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(1);
        assertThat(apply.err()).contains("groups.include[1]").contains("Jamf has no computer group named 'No Such Group'");
        assertThat(sandbox.okta().registrationAuthorities()).isEmpty();
        assertThat(sandbox.jamf().profiles()).isEmpty();
    }

    @Test
    void changingTheGroupIsExactlyOneUpdate() throws Exception {
        write("\"ODA Macs\"");
        assertThat(cli.run("apply", "--auto-approve").exitCode()).isZero();
        write("\"ODA Pilot Macs\"");
        HubCli.Run plan = cli.run("plan", "--output", "json");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        List<JsonNode> changes = new ArrayList<>();
        new ObjectMapper().readTree(plan.out()).path("changes").forEach(c -> {
            if (!"no-op".equals(c.path("action").asText())) {
                changes.add(c);
            }
        });
        assertThat(changes).as(plan.out()).hasSize(1);
        assertThat(changes.get(0).path("action").asText()).isEqualTo("update");
        assertThat(changes.get(0).path("key").asText()).isEqualTo("jamf.configuration-profile/macos-jamf");
        assertThat(cli.run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(cli.run("plan").exitCode()).isZero();
        assertThat(sandbox.jamf().profile("scephub macos-jamf").orElseThrow().includedGroups())
                .extracting(JamfSimulator.Group::name).containsExactly("ODA Pilot Macs");
    }
}
