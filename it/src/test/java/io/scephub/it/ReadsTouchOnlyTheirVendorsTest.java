package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.RecordedRequest;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxConfigFile;
import io.scephub.sandbox.Vendor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status devices} and {@code renewal forecast} of an Intune enrollment, with Okta, Jamf and Workspace ONE
 * configured beside it, reach Entra ID and Graph only: no request (token or other) to the vendors they do not read.
 */
@ExtendWith(SandboxExtension.class)
class ReadsTouchOnlyTheirVendorsTest {
    private static Sandbox sandbox;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    @Test
    void readsOfAnIntuneEnrollmentCallNeitherOktaNorTheOtherMdms() throws Exception {
        sandbox.reset();
        Files.writeString(dir.resolve("scephub.yaml"), SandboxConfig.header(sandbox, SandboxConfig.intune(sandbox),
                SandboxConfig.jamf(sandbox), SandboxConfig.workspaceOne(sandbox))
                + SandboxConfigFile.renewalEnrollment("intune", "windows-intune") + """
                  - name: macos-jamf
                    platform: macos
                    mdm: jamf
                    challenge: dynamic
                    ca: okta
                    certificate:
                      subject: "CN=$COMPUTERNAME ODA $UDID"
                    groups:
                      include: [ "ODA Macs" ]
                  - name: windows-ws1
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    ca: okta
                    groups:
                      include: [ "ODA Windows WS1" ]
                """);
        Map<String, String> env = new HashMap<>(SandboxConfig.credentials(sandbox));
        new HubCli(dir, env).applied();

        sandbox.requests().clear();
        HubCli.Run status = new HubCli(dir, env).run("status", "devices", "--enrollment", "windows-intune", "--output", "csv");
        assertThat(status.exitCode()).as(status.all()).isZero();
        assertThat(status.out()).contains("windows-intune,intune,");
        assertOnlyIntuneWasCalled();

        sandbox.requests().clear();
        HubCli.Run forecast = new HubCli(dir, env).run("renewal", "forecast", "--output", "json");
        assertThat(forecast.exitCode()).as(forecast.all()).isZero();
        assertOnlyIntuneWasCalled();
    }

    private static void assertOnlyIntuneWasCalled() {
        List<RecordedRequest> all = sandbox.requests().all();
        assertThat(all).as("requests of the read").anyMatch(r -> r.vendor() == Vendor.GRAPH);
        assertThat(all).as("requests of the read").allMatch(r -> r.vendor() == Vendor.GRAPH || r.vendor() == Vendor.ENTRA);
    }
}
