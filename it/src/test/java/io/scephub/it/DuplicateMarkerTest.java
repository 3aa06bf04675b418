package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.WorkspaceOneSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13 item 3 (the check half): two objects carrying one marker, whatever made them, fail
 * {@code validate --online} (exit 3) with both ids named.
 */
@ExtendWith(SandboxExtension.class)
class DuplicateMarkerTest {
    private static Sandbox sandbox;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    @Test
    void aSecondOktaConfigurationWithTheMarkerFailsValidateOnlineNamingBothIds(@TempDir Path dir) throws Exception {
        sandbox.reset();
        Files.writeString(dir.resolve("scephub.yaml"), SandboxConfig.header(sandbox) + SandboxConfig.windows());
        HubCli cli = new HubCli(dir, SandboxConfig.credentials(sandbox));
        assertThat(cli.run(FaultRunsTest.applyArgs()).exitCode()).isZero();
        String managed = sandbox.okta().registrationAuthorities().get(0).path("id").asText();
        String duplicate = sandbox.okta().seedRegistrationAuthority("scephub windows-intune",
                "copied by hand\n[scephub:okta.scep-configuration/windows-intune]");

        HubCli.Run validate = cli.run("validate", "--online");

        assertThat(validate.exitCode()).as(validate.all()).isEqualTo(3);
        assertThat(validate.all()).contains("okta.scep-configuration/windows-intune", managed, duplicate);
    }

    @Test
    void aSecondJamfProfileWithTheMarkerFailsValidateOnlineNamingBothIds(@TempDir Path dir) throws Exception {
        sandbox.reset();
        Files.writeString(dir.resolve("scephub.yaml"), SandboxConfig.header(sandbox, SandboxConfig.jamf(sandbox)) + """
                  - name: macos-jamf
                    platform: macos
                    mdm: jamf
                    challenge: dynamic
                    ca: okta
                    groups:
                      include: [ "ODA Macs" ]
                """);
        HubCli cli = new HubCli(dir, SandboxConfig.credentials(sandbox));
        assertThat(cli.run(FaultRunsTest.applyArgs()).exitCode()).isZero();
        long managed = sandbox.jamf().profiles().get(0).id();
        long duplicate = sandbox.jamf().seedProfile("scephub macos-jamf (copy)",
                "copied by hand\n[scephub:jamf.configuration-profile/macos-jamf]", "System", "");

        HubCli.Run validate = cli.run("validate", "--online");

        assertThat(validate.exitCode()).as(validate.all()).isEqualTo(3);
        assertThat(validate.all()).contains("jamf.configuration-profile/macos-jamf", "object " + duplicate,
                managed + " (managed)");
    }

    @Test
    void aSecondIntuneProfileWithTheMarkerFailsValidateOnlineNamingBothIds(@TempDir Path dir) throws Exception {
        sandbox.reset();
        Files.writeString(dir.resolve("scephub.yaml"), SandboxConfig.header(sandbox) + SandboxConfig.windows());
        HubCli cli = new HubCli(dir, SandboxConfig.credentials(sandbox));
        assertThat(cli.run(FaultRunsTest.applyArgs()).exitCode()).isZero();
        String managed = sandbox.graph().deviceConfigurations().stream()
                .filter(c -> c.path("description").asText().contains("[scephub:intune.scep-profile/windows-intune]"))
                .map(c -> c.path("id").asText()).findFirst().orElseThrow();
        String duplicate = sandbox.graph().copyProfile(managed, "scephub copy");

        HubCli.Run validate = cli.run("validate", "--online");

        assertThat(validate.exitCode()).as(validate.all()).isEqualTo(3);
        assertThat(validate.all()).contains("ownership.unique-marker", "intune.scep-profile/windows-intune", managed + " (managed)",
                duplicate);
    }

    @Test
    void aSecondWorkspaceOneProfileWithTheMarkerFailsValidateOnlineNamingBothIds(@TempDir Path dir) throws Exception {
        sandbox.reset();
        Files.writeString(dir.resolve("scephub.yaml"), SandboxConfig.header(sandbox, SandboxConfig.workspaceOne(sandbox)) + """
                  - name: windows-ws1
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    ca: okta
                    groups:
                      include: [ "%s" ]
                """.formatted(WorkspaceOneSimulator.SEED_SMART_GROUP));
        HubCli cli = new HubCli(dir, SandboxConfig.credentials(sandbox));
        assertThat(cli.run(FaultRunsTest.applyArgs()).exitCode()).isZero();
        String managed = sandbox.workspaceOne().profiles().stream().map(p -> p.path("General"))
                .filter(g -> g.path("Description").asText().contains("[scephub:workspaceone.credential-profile/windows-ws1]"))
                .map(g -> g.path("ProfileId").asText()).findFirst().orElseThrow();
        long duplicate = sandbox.workspaceOne().copyProfile(Long.parseLong(managed), "scephub copy");

        HubCli.Run validate = cli.run("validate", "--online");

        assertThat(validate.exitCode()).as(validate.all()).isEqualTo(3);
        assertThat(validate.all()).contains("ownership.unique-marker", "workspaceone.credential-profile/windows-ws1",
                managed + " (managed)", String.valueOf(duplicate));
    }
}
