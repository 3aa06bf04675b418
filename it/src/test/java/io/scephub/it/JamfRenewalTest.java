package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.JamfSimulator;
import io.scephub.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** okta + jamf with a renewal policy: with the hub's clock moved near expiry, the Jamf profile is redistributed once. */
@ExtendWith(SandboxExtension.class)
class JamfRenewalTest {
    private static Sandbox sandbox;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    @Test
    void elevenAndAHalfMonthsLaterTheJamfProfileIsRedistributedOnce() throws Exception {
        sandbox.reset();
        Files.writeString(dir.resolve("scephub.yaml"),
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
                    renewal:
                      redistributeBeforeExpiry: 30d
                """);
        Map<String, String> env = new HashMap<>(SandboxConfig.credentials(sandbox));
        HubCli.Run converge = new HubCli(dir, env).run("apply", "--auto-approve");
        assertThat(converge.exitCode()).as(converge.all()).isZero();
        HubCli.Run today = new HubCli(dir, env).run("plan");
        assertThat(today.exitCode()).as("nothing is due today: " + today.all()).isZero();
        JamfSimulator.Profile converged = sandbox.jamf().profile("scephub macos-jamf").orElseThrow();
        assertThat(converged.redeployOnUpdate()).isEqualTo("Newly Assigned");

        Instant later = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(350));
        env.put("SCEPHUB_NOW", later.toString());
        HubCli moved = new HubCli(dir, env);
        HubCli.Run plan = moved.run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("~ redistribute jamf.configuration-profile/macos-jamf (1 device expiring from")
                .contains("1 to redistribute");

        HubCli.Run apply = moved.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        JamfSimulator.Profile redistributed = sandbox.jamf().profile("scephub macos-jamf").orElseThrow();
        // Jamf reads "All" back as "Newly Assigned" (terraform-provider-jamfpro#887); the redeploy itself is recorded.
        assertThat(redistributed.redeployOnUpdate()).isEqualTo("Newly Assigned");
        assertThat(redistributed.description()).contains("[scephub-redistributed:")
                .endsWith("[scephub:jamf.configuration-profile/macos-jamf]");
        assertThat(redistributed.payloads()).isEqualTo(converged.payloads());
        assertThat(sandbox.jamf().redeployedAt(converged.id())).isPresent();

        HubCli.Run again = moved.run("plan");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).doesNotContain("redistribute");
    }
}
