package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.fixtures.SandboxExtension;
import io.scephub.fixtures.TestPki;
import io.scephub.sandbox.OktaSimulator;
import io.scephub.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Okta managed in its Admin Console (okta.manage: console) with Okta's SCEP admin routes switched
 * off in the sandbox: plan prints the console steps for what is missing, then the values the console
 * showed drive Intune, Jamf and Workspace ONE to convergence. And in API mode, an org that does not
 * answer the routes stops the plan before any write, naming console mode.
 */
@ExtendWith(SandboxExtension.class)
class OktaConsoleModeTest {
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

    private static String enrollment(String name, String platform, String mdm, String challenge, String group, String okta) {
        return """
                  - name: %s
                    platform: %s
                    mdm: %s
                    challenge: %s
                    groups:
                      include: [ "%s" ]
                %s""".formatted(name, platform, mdm, challenge, group, okta);
    }

    private static String block(String name, String... keys) {
        StringBuilder yaml = new StringBuilder("    okta:\n");
        for (String key : keys) {
            yaml.append("      ").append(key).append(": ${file:okta/").append(name).append('/').append(key).append("}\n");
        }
        return yaml.toString();
    }

    private void writeConsoleConfig(boolean withValues) throws Exception {
        String header = """
                version: 1
                okta:
                  orgUrl: %s
                  manage: console
                mdm:
                %senrollments:
                """.formatted(sandbox.oktaBaseUrl(), SandboxConfig.intune(sandbox) + SandboxConfig.jamf(sandbox)
                + SandboxConfig.workspaceOne(sandbox));
        Files.writeString(dir.resolve("scephub.yaml"), header
                + enrollment("windows-intune", "windows", "intune", "delegated", "ODA Windows Pilot",
                        withValues ? block("windows-intune", "scepUrl", "caCertificate") : "")
                + enrollment("macos-jamf", "macos", "jamf", "dynamic", "ODA Macs",
                        withValues ? block("macos-jamf", "scepUrl", "challengeUrl", "username", "password") : "")
                + enrollment("windows-ws1", "windows", "workspaceone", "static", "ODA Windows WS1",
                        withValues ? block("windows-ws1", "scepUrl", "secret") : ""));
    }

    /** What an admin copies out of the console after Generate, saved where the configuration references it. */
    private void save(String enrollment, String key, String value) throws Exception {
        Path file = dir.resolve("okta").resolve(enrollment).resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, value + "\n");
    }

    @Test
    void consoleModeConvergesIntuneJamfAndWorkspaceOneWithOktasScepRoutesSwitchedOff() throws Exception {
        sandbox.okta().deviceAccessApi(false);
        writeConsoleConfig(false);

        HubCli.Run runbook = cli.run("plan");

        assertThat(runbook.exitCode()).as(runbook.all()).isEqualTo(1);
        assertThat(runbook.err()).contains("enrollments[1]").contains("missing scepUrl (not set), challengeUrl (not set), "
                        + "username (not set), password (not set)")
                .contains("Security > Device integrations > Device Access tab > Add SCEP configuration")
                .contains("Platform: macOS").contains("SCEP URL challenge type: Dynamic SCEP URL, Generic")
                .contains("Actions > Reset password").contains("oda-ca-scep-macos-jamf-dynamic.htm")
                .contains("SCEP URL challenge type: Delegated SCEP URL").contains("download the CA certificate")
                .contains("SCEP URL challenge type: Static SCEP URL").contains("password: ${file:okta/macos-jamf/password}");

        OktaSimulator.ConsoleConfiguration intune = sandbox.okta().addScepConfigurationInConsole("ODA Intune", "WINDOWS", "DELEGATED");
        save("windows-intune", "scepUrl", intune.scepUrl());
        save("windows-intune", "caCertificate", sandbox.okta().oktaCaChainPem());
        OktaSimulator.ConsoleConfiguration jamf = sandbox.okta().addScepConfigurationInConsole("ODA Jamf", "MACOS", "DYNAMIC");
        save("macos-jamf", "scepUrl", jamf.scepUrl());
        save("macos-jamf", "challengeUrl", jamf.challengeUrl().orElseThrow());
        save("macos-jamf", "username", jamf.username().orElseThrow());
        save("macos-jamf", "password", jamf.password().orElseThrow());
        OktaSimulator.ConsoleConfiguration ws1 = sandbox.okta().addScepConfigurationInConsole("ODA WS1", "WINDOWS", "STATIC");
        save("windows-ws1", "scepUrl", ws1.scepUrl());
        save("windows-ws1", "secret", ws1.secretKey().orElseThrow());
        writeConsoleConfig(true);

        HubCli.Run plan = cli.run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).doesNotContain("create okta.").contains("intune.scep-profile/windows-intune")
                .contains("jamf.configuration-profile/macos-jamf").contains("workspaceone.");
        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        HubCli.Run again = cli.run("plan");
        assertThat(again.exitCode()).as(again.all()).isZero();

        assertThat(sandbox.requests().of(io.scephub.sandbox.Vendor.OKTA)).as("scephub never called Okta in console mode").isEmpty();
        for (String secret : new String[] {jamf.password().orElseThrow(), ws1.secretKey().orElseThrow()}) {
            assertThat(plan.all() + apply.all() + again.all()).doesNotContain(secret);
        }
        String jamfProfile = sandbox.jamf().profiles().toString();
        assertThat(jamfProfile).contains(jamf.scepUrl());
        assertThat(sandbox.workspaceOne().profiles().toString()).contains(ws1.scepUrl());
        assertThat(sandbox.graph().deviceConfigurations().toString()).contains(intune.scepUrl());
    }

    @Test
    void anOrgThatDoesNotAnswerTheScepRoutesStopsThePlanBeforeAnyWriteAndNamesConsoleMode() throws Exception {
        sandbox.okta().deviceAccessApi(false);
        SandboxConfig.write(dir, sandbox, SandboxConfig.windows(), SandboxConfig.MACOS);

        HubCli.Run apply = cli.run("apply", "--auto-approve");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(1);
        assertThat(apply.err()).contains("okta.manage").contains("Okta does not answer GET /api/v1/certificateAuthorities")
                .contains("404").contains("okta.manage: console").contains("Nothing was written");
        assertThat(sandbox.graph().deviceConfigurations()).as("no partial apply on the MDM side")
                .noneMatch(c -> c.path("description").asText().contains("[scephub:"));
        assertThat(sandbox.okta().registrationAuthorities()).isEmpty();
    }

    @Test
    void aServiceAppWithoutTheCertificateAuthoritiesScopeStopsThePlanBeforeAnyWrite() throws Exception {
        sandbox.okta().grantScopes(Set.of("okta.groups.read"));
        Path key = dir.resolve("okta.pem");
        Files.writeString(key, TestPki.armorText("PRIVATE KEY", TestPki.rsaKey(2048).getPrivate().getEncoded()));
        Files.writeString(dir.resolve("scephub.yaml"), SandboxConfig.header(sandbox).replace(
                "    apiToken: ${env:OKTA_API_TOKEN}\n", "    oauth:\n      clientId: " + sandbox.options().oktaClientId()
                        + "\n      privateKey: ${file:okta.pem}\n") + SandboxConfig.windows());

        HubCli.Run apply = cli.run("apply", "--auto-approve");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(1);
        assertThat(apply.err()).contains("okta.manage").contains("refused for its scope")
                .contains("okta.certificateAuthorities.manage").contains("okta.manage: console");
        assertThat(sandbox.graph().deviceConfigurations()).noneMatch(c -> c.path("description").asText().contains("[scephub:"));
    }
}
