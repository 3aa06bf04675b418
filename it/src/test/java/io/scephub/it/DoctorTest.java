package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.fixtures.Sandboxes;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code doctor} and {@code validate --online} against the sandbox's healthy and broken demo devices. */
@ExtendWith(SandboxExtension.class)
class DoctorTest {
    private static Sandbox sandbox;

    @TempDir
    Path dir;

    private HubCli cli;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    @BeforeEach
    void convergeOnTheSandbox() throws Exception {
        sandbox.reset();
        cli = new HubCli(dir, SandboxConfig.credentials(sandbox));
        SandboxConfig.write(dir, sandbox, SandboxConfig.windows(), SandboxConfig.MACOS);
        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
    }

    @Test
    void healthyDevicePassesAllThreeChecks() throws Exception {
        Files.writeString(dir.resolve("healthy.pem"), sandbox.okta().issueDeviceCertificate("CN=WIN-HEALTHY-01", true));

        HubCli.Run doctor = cli.run("doctor", "--device", "WIN-HEALTHY-01", "--cert", "healthy.pem");

        assertThat(doctor.exitCode()).as(doctor.all()).isZero();
        assertThat(doctor.out()).contains("enrollment windows-intune")
                .containsPattern("1\\. Profile pushed to the device\\?\\s+PASS")
                .containsPattern("2\\. Chain trusted by Okta\\?\\s+PASS")
                .containsPattern("3\\. Certificate has the ODA extension and EKU\\?\\s+PASS")
                .contains("All three checks passed.");
    }

    @Test
    void healthyDeviceIsAlsoFoundBySerialNumber() throws Exception {
        HubCli.Run doctor = cli.run("doctor", "--device", "SBX-0001-HEALTHY", "--output", "json");

        JsonNode report = new ObjectMapper().readTree(doctor.out());
        assertThat(report.path("device").asText()).isEqualTo("WIN-HEALTHY-01");
        assertThat(report.path("steps").get(0).path("status").asText()).isEqualTo("PASS");
        assertThat(report.path("steps").get(2).path("status").asText()).as("no --cert given").isEqualTo("SKIPPED");
        assertThat(doctor.exitCode()).as(doctor.all()).isZero();
    }

    @Test
    void brokenDeviceNamesTheFailingChecksAndTheNextSteps() throws Exception {
        Files.writeString(dir.resolve("broken.pem"), sandbox.okta().issueDeviceCertificate("CN=WIN-BROKEN-02", false));

        HubCli.Run doctor = cli.run("doctor", "--device", "WIN-BROKEN-02", "--cert", "broken.pem");

        assertThat(doctor.exitCode()).as(doctor.all()).isEqualTo(3);
        assertThat(doctor.out())
                .containsPattern("1\\. Profile pushed to the device\\?\\s+FAIL")
                .contains("as error (install failed)")
                .contains("next step: Re-push the profile")
                .containsPattern("2\\. Chain trusted by Okta\\?\\s+PASS")
                .containsPattern("3\\. Certificate has the ODA extension and EKU\\?\\s+FAIL")
                .contains("lacks the Okta Device Access extension 1.3.6.1.4.1.51150.13.1")
                .contains("next step: Add the Okta Device Access extension 1.3.6.1.4.1.51150.13.1")
                .contains("Start with check 1 (Profile pushed to the device?)");
    }

    @Test
    void certificateFromAnotherCaWithTheSameNameFailsTheChainCheck(Sandboxes sandboxes) throws Exception {
        Files.writeString(dir.resolve("other.pem"), otherCaCertificate(sandboxes));

        HubCli.Run doctor = cli.run("doctor", "--device", "WIN-HEALTHY-01", "--enrollment", "windows-intune", "--cert", "other.pem");

        assertThat(doctor.exitCode()).as(doctor.all()).isEqualTo(3);
        assertThat(doctor.out()).containsPattern("2\\. Chain trusted by Okta\\?\\s+FAIL")
                .contains("its signature does not verify with the CA of that name in Okta")
                .contains("upload the issuing CA's current chain to Okta (PEM or DER)");
    }

    @Test
    void unknownDeviceFailsTheFirstCheck() {
        HubCli.Run doctor = cli.run("doctor", "--device", "NO-SUCH-PC", "--enrollment", "windows-intune");

        assertThat(doctor.exitCode()).as(doctor.all()).isEqualTo(3);
        assertThat(doctor.out()).contains("knows no device named NO-SUCH-PC");
    }

    @Test
    void onlineValidationPassesAfterApplyAndNamesTheEnrollmentAndCheckAfterAHandEdit() throws Exception {
        HubCli.Run passing = cli.run("validate", "--online");
        assertThat(passing.exitCode()).as(passing.all()).isZero();
        assertThat(passing.out()).contains("enrollment windows-intune:").contains("enrollment macos-intune:")
                .contains("okta.scep-configuration.active").contains("intune.scep-profile.url");

        String profileId = sandbox.graph().deviceConfigurations().stream()
                .filter(p -> p.path("description").asText().contains("[scephub:intune.scep-profile/windows-intune]"))
                .findFirst().orElseThrow().path("id").asText();
        patchScepUrl(profileId, "https://scep.attacker.example/scep");

        HubCli.Run failing = cli.run("validate", "--online", "--output", "json");
        assertThat(failing.exitCode()).as(failing.all()).isEqualTo(3);
        JsonNode report = new ObjectMapper().readTree(failing.out());
        assertThat(report.path("passed").asBoolean()).isFalse();
        assertThat(report.path("checks")).filteredOn(c -> c.path("status").asText().equals("FAIL"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.path("subject").asText()).isEqualTo("windows-intune");
                    assertThat(c.path("name").asText()).isEqualTo("intune.scep-profile.url");
                    assertThat(c.path("message").asText()).contains("https://scep.attacker.example/scep");
                });
    }

    private static String otherCaCertificate(Sandboxes sandboxes) throws Exception {
        try (Sandbox other = sandboxes.start(SandboxOptions.defaults())) {
            return other.okta().issueDeviceCertificate("CN=WIN-HEALTHY-01", true);
        }
    }

    private static void patchScepUrl(String profileId, String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.graphBaseUrl() + "/deviceManagement/deviceConfigurations/" + profileId))
                .header("Authorization", "Bearer " + sandbox.graph().issueAccessToken())
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(
                        "{\"@odata.type\":\"#microsoft.graph.windows81SCEPCertificateProfile\",\"scepServerUrls\":[\"" + url + "\"]}"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
