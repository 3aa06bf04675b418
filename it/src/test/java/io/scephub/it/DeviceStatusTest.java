package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.JamfSimulator;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.WorkspaceOneSimulator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code scephub status devices} against the sandbox: what it prints is what the simulated MDMs hold per device. */
@ExtendWith(SandboxExtension.class)
class DeviceStatusTest {
    private static final String WINDOWS_INTUNE = """
              - name: windows-intune
                platform: windows
                mdm: intune
                challenge: delegated
                ca: okta
                certificate:
                  subject: "CN={{DeviceId}}"
                  validity: 1y
                groups:
                  include: [ "ODA Windows Pilot" ]
            """;

    private static Sandbox sandbox;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    @Test
    void intuneDevicesShowDeliveryAndTheCertificateTheSimulatorHolds() throws Exception {
        sandbox.reset();
        Map<String, String> env = new HashMap<>(SandboxConfig.credentials(sandbox));
        SandboxConfig.write(dir, sandbox, WINDOWS_INTUNE);
        new HubCli(dir, env).applied();
        String profile = sandbox.graph().deviceConfigurations().stream()
                .filter(p -> p.path("description").asText().endsWith("[scephub:intune.scep-profile/windows-intune]"))
                .map(p -> p.get("id").asText()).findFirst().orElseThrow();
        Instant t0 = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            Instant expires = t0.plus(Duration.ofDays(100 + i));
            sandbox.graph().addDeviceCertificate(profile, "PC-" + i, expires.minus(Duration.ofDays(365)), expires);
        }

        HubCli.Run run = new HubCli(dir, env).run("status", "devices", "--output", "json");
        assertThat(run.exitCode()).as(run.all()).isZero();
        JsonNode out = new ObjectMapper().readTree(run.out());
        List<JsonNode> devices = StreamSupport.stream(out.get("devices").spliterator(), false).toList();
        assertThat(out.get("count").asInt()).isEqualTo(devices.size());
        // The two seeded devices report the profile (one succeeded, one failed) without a certificate; PC-0..2 hold one each.
        assertThat(devices).extracting(d -> d.get("device_name").asText())
                .containsExactlyInAnyOrder("WIN-HEALTHY-01", "WIN-BROKEN-02", "PC-0", "PC-1", "PC-2");
        assertThat(byName(devices, "WIN-BROKEN-02").get("delivery").asText()).isEqualTo("failed");
        assertThat(byName(devices, "WIN-BROKEN-02").get("vendor_status").asText()).isEqualTo("error");
        assertThat(byName(devices, "WIN-HEALTHY-01").get("delivery").asText()).isEqualTo("installed");
        for (JsonNode held : sandbox.graph().deviceCertificates(profile)) {
            JsonNode device = byName(devices, held.get("deviceDisplayName").asText());
            assertThat(device.get("delivery").asText()).isEqualTo("installed");
            assertThat(device.get("enrollment").asText()).isEqualTo("windows-intune");
            assertThat(device.get("mdm").asText()).isEqualTo("intune");
            JsonNode certificate = device.get("certificate");
            assertThat(certificate.get("state").asText()).isEqualTo(held.get("certificateIssuanceState").asText());
            assertThat(Instant.parse(certificate.get("expires").asText()))
                    .isEqualTo(Instant.parse(held.get("certificateExpirationDateTime").asText()));
            assertThat(certificate.get("thumbprint").asText()).isEqualTo(held.get("certificateThumbprint").asText());
            assertThat(certificate.get("serial_number").asText()).isEqualTo(held.get("certificateSerialNumber").asText());
            assertThat(certificate.get("error_code").isNull()).isTrue();
        }

        HubCli.Run csv = new HubCli(dir, env).run("status", "devices", "--enrollment", "windows-intune", "--output", "csv");
        assertThat(csv.exitCode()).as(csv.all()).isZero();
        List<String> lines = csv.out().lines().toList();
        assertThat(lines.get(0)).startsWith("enrollment,mdm,device_id,device_name,serial_number,delivery,");
        assertThat(lines).hasSize(1 + 5);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("windows-intune,intune,").contains(",PC-1,"));
    }

    @Test
    void jamfComputersInScopeShowTheInstallAndTheKeychainCertificateOrPending() throws Exception {
        sandbox.reset();
        java.nio.file.Files.writeString(dir.resolve("scephub.yaml"),
                SandboxConfig.header(sandbox, SandboxConfig.jamf(sandbox)) + """
                  - name: macos-jamf
                    platform: macos
                    mdm: jamf
                    challenge: dynamic
                    ca: okta
                    certificate:
                      subject: "CN=$COMPUTERNAME ODA $UDID"
                      validity: 1y
                    groups:
                      include: [ "ODA Macs" ]
                """);
        Map<String, String> env = new HashMap<>(SandboxConfig.credentials(sandbox));
        new HubCli(dir, env).applied();
        long profileId = sandbox.jamf().profile("scephub macos-jamf").orElseThrow().id();
        Instant installed = sandbox.jamf().lastInstalled(profileId, JamfSimulator.HEALTHY_COMPUTER).orElseThrow();

        HubCli.Run run = new HubCli(dir, env).run("status", "devices", "--enrollment", "macos-jamf", "--output", "json");
        assertThat(run.exitCode()).as(run.all()).isZero();
        List<JsonNode> devices = StreamSupport.stream(new ObjectMapper().readTree(run.out()).get("devices").spliterator(), false)
                .toList();
        // Both computers are in "ODA Macs"; only the healthy one installs profiles.
        assertThat(devices).extracting(d -> d.get("device_name").asText())
                .containsExactlyInAnyOrder(JamfSimulator.HEALTHY_COMPUTER, JamfSimulator.BROKEN_COMPUTER);
        JsonNode healthy = byName(devices, JamfSimulator.HEALTHY_COMPUTER);
        assertThat(healthy.get("delivery").asText()).isEqualTo("installed");
        assertThat(healthy.get("serial_number").asText()).isEqualTo("C02HEALTHY01");
        assertThat(Instant.parse(healthy.get("last_reported").asText())).isEqualTo(installed);
        assertThat(Instant.parse(healthy.get("certificate").get("issued").asText())).isEqualTo(installed);
        assertThat(Instant.parse(healthy.get("certificate").get("expires").asText()))
                .isEqualTo(installed.plus(JamfSimulator.CERTIFICATE_VALIDITY));
        assertThat(healthy.get("certificate").get("state").asText()).isEqualTo("ISSUED");
        JsonNode broken = byName(devices, JamfSimulator.BROKEN_COMPUTER);
        assertThat(broken.get("delivery").asText()).isEqualTo("pending");
        assertThat(broken.get("certificate").isNull()).isTrue();
    }

    @Test
    void workspaceOneDevicesShowTheProfileStatusAndTheCertificateInTheirStore() throws Exception {
        sandbox.reset();
        java.nio.file.Files.writeString(dir.resolve("scephub.yaml"),
                SandboxConfig.header(sandbox, SandboxConfig.workspaceOne(sandbox)) + """
                  - name: windows-ws1
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    ca: okta
                    groups:
                      include: [ "ODA Windows WS1" ]
                """);
        sandbox.workspaceOne().addDevice("WS1-0003-OTHER", "WIN-WS1-OTHER-03", List.of("Kiosks WS1"), false);
        Map<String, String> env = new HashMap<>(SandboxConfig.credentials(sandbox));
        new HubCli(dir, env).applied();

        HubCli.Run run = new HubCli(dir, env).run("status", "devices", "--output", "json");
        assertThat(run.exitCode()).as(run.all()).isZero();
        List<JsonNode> devices = StreamSupport.stream(new ObjectMapper().readTree(run.out()).get("devices").spliterator(), false)
                .toList();
        // The third device is only in a smart group the profile is not assigned to: out of scope, not listed.
        assertThat(devices).extracting(d -> d.get("device_name").asText())
                .containsExactlyInAnyOrder("WIN-WS1-HEALTHY-01", "WIN-WS1-BROKEN-02");
        JsonNode healthy = byName(devices, "WIN-WS1-HEALTHY-01");
        assertThat(healthy.get("delivery").asText()).isEqualTo("installed");
        JsonNode held = sandbox.workspaceOne().deviceCertificates(WorkspaceOneSimulator.HEALTHY_SERIAL).stream()
                .filter(c -> !c.get("Issuer").asText().equals("AirWatchCa")).findFirst().orElseThrow();
        assertThat(healthy.get("certificate").get("thumbprint").asText()).isEqualTo(held.get("Thumbprint").asText());
        assertThat(healthy.get("certificate").get("expires").asText()).isNotEmpty();
        JsonNode broken = byName(devices, "WIN-WS1-BROKEN-02");
        assertThat(broken.get("delivery").asText()).isEqualTo("failed");
        assertThat(broken.get("vendor_status").asText()).isEqualTo("status 6");
        assertThat(broken.get("certificate").isNull()).isTrue();
    }

    @Test
    void anUnknownEnrollmentIsAnErrorNamingTheKnownOnes() throws Exception {
        sandbox.reset();
        Map<String, String> env = new HashMap<>(SandboxConfig.credentials(sandbox));
        SandboxConfig.write(dir, sandbox, WINDOWS_INTUNE);
        HubCli.Run run = new HubCli(dir, env).run("status", "devices", "--enrollment", "nope", "--output", "json");
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode error = new ObjectMapper().readTree(run.out()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("UNKNOWN_ENROLLMENT");
        assertThat(error.get("message").asText()).contains("\"nope\"").contains("windows-intune");
    }

    private static JsonNode byName(List<JsonNode> devices, String name) {
        return devices.stream().filter(d -> d.get("device_name").asText().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no device " + name + " in " + devices));
    }
}
