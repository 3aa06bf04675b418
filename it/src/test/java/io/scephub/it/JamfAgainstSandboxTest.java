package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.sandbox.JamfSimulator;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** okta + jamf through the real CLI against the sandbox: the Jamf profile follows Okta's dynamic SCEP configuration. */
class JamfAgainstSandboxTest {
    private static Sandbox sandbox;

    @TempDir
    Path dir;

    private HubCli cli;

    @BeforeAll
    static void startSandbox() {
        sandbox = Sandbox.start(SandboxOptions.defaults());
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void resetSandbox() {
        sandbox.reset();
        cli = new HubCli(dir, SandboxConfig.credentials(sandbox));
    }

    private void write(String include) throws Exception {
        Files.writeString(dir.resolve("scephub.yaml"), """
                version: 1
                okta:
                  orgUrl: %s
                  auth:
                    apiToken: ${env:OKTA_API_TOKEN}
                mdm:
                  jamf:
                    url: %s
                    clientId: ${env:JAMF_CLIENT_ID}
                    clientSecret: ${env:JAMF_CLIENT_SECRET}
                enrollments:
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
                """.formatted(sandbox.oktaBaseUrl(), sandbox.jamfBaseUrl(), include));
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
