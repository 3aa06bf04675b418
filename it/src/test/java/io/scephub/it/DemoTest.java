package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `scephub demo`, as the README's first command runs it: one apply converges and the replay is refused. */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void demoConvergesInOneApplyThenPlansNothingRefusesTheReplayAndThreeDevicesEnrolThroughScep() throws Exception {
        HubCli.Run run = new HubCli(dir, Map.of()).run("demo", "--dir", "demo");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out())
                // Twelve objects plus Jamf's SCEPChallenge webhook (issue #14 item 6).
                .contains("Plan: 13 to create, 0 to update, 0 to replace, 0 to delete.")
                .contains("Apply complete: 13 applied, 0 adopted.")
                .contains("+ create jamf.webhook/scep-challenge")
                .contains("No changes. The actual state matches scephub.yaml.")
                .contains("first use:  accepted")
                .contains("rejected: REPLAYED")
                .contains("== 7. Three devices enrol through Okta's SCEP service")
                .containsPattern("WIN-SCEP-01[\\s\\S]*PKIOperation -> SUCCESS: CN=WIN-SCEP-01[\\s\\S]*cert check \\S*WIN-SCEP-01.pem: PASS")
                .contains("MAC-SCEP-02  (macos-jamf: macOS on Jamf, one-time challenge Jamf got from scephub's SCEPChallenge webhook)")
                .containsPattern("MAC-SCEP-02[\\s\\S]*PKIOperation -> SUCCESS: CN=MAC-SCEP-02[\\s\\S]*cert check \\S*MAC-SCEP-02.pem: PASS")
                .containsPattern("WIN-SCEP-03[\\s\\S]*PKIOperation -> SUCCESS: CN=WIN-SCEP-03[\\s\\S]*cert check \\S*WIN-SCEP-03.pem: PASS")
                .contains("Replay: MAC-SCEP-02 sends its one-time challenge again -> FAILURE badRequest (challenge already used)");
        assertThat(dir.resolve("demo/devices/WIN-SCEP-01.pem")).exists();
        assertThat(run.out().indexOf("Apply complete")).isLessThan(run.out().indexOf("No changes."));
        String config = Files.readString(dir.resolve("demo/scephub.yaml"));
        assertThat(config).contains("${file:secrets/okta-api-token}").doesNotContain("00sandbox-okta-api-token")
                .contains("password: ${file:secrets/jamf-webhook-password}");
    }
}
