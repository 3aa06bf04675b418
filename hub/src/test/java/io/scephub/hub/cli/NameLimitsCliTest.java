package io.scephub.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13 item 7: a group name longer than the vendor accepts fails offline, at its file and line,
 * before any vendor is called (it used to end as "$batch of 1 failed (HTTP 500)" from Graph).
 */
class NameLimitsCliTest {
    @TempDir
    Path dir;

    @Test
    void aTooLongIntuneGroupNameFailsOfflineAtItsFileAndLine() throws Exception {
        String group = "ODA " + "g".repeat(300);
        // Every vendor URL is a closed port of 127.0.0.1: a call would fail differently.
        Files.writeString(dir.resolve("scephub.yaml"), """
                version: 1
                okta:
                  orgUrl: http://127.0.0.1:9
                  auth:
                    apiToken: ${env:OKTA_API_TOKEN}
                mdm:
                  intune:
                    tenantId: 00000000-0000-0000-0000-000000000000
                    clientId: 11111111-1111-1111-1111-111111111111
                    clientSecret: ${env:GRAPH_CLIENT_SECRET}
                    graphBaseUrl: http://127.0.0.1:9/beta
                    authorityHost: http://127.0.0.1:9
                enrollments:
                  - name: windows-intune
                    platform: windows
                    mdm: intune
                    challenge: delegated
                    ca: okta
                    groups:
                      include: [ "ODA Windows Pilot", "%s" ]
                """.formatted(group));
        CliRun cli = new CliRun(dir, Map.of("OKTA_API_TOKEN", "okta-canary-token", "GRAPH_CLIENT_SECRET", "graph-canary-secret"), null);

        for (String command : new String[] {"validate", "plan"}) {
            CliRun.Result r = cli.run(command);

            assertThat(r.exitCode()).as(command + ": " + r.err()).isEqualTo(1);
            assertThat(r.err()).as(command).contains("scephub.yaml:20:", "enrollments[0].groups.include[1]",
                    "is 304 characters; Intune Entra group names are at most 256").doesNotContain("$batch", "HTTP", "g".repeat(41));
        }
    }
}
