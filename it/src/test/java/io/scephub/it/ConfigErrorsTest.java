package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file with several mistakes: validate names each one with its line and path, all at once. */
class ConfigErrorsTest {
    @TempDir
    Path dir;

    @Test
    void everyMistakeIsReportedOnceWithItsLocation() throws Exception {
        Files.writeString(dir.resolve("scephub.yaml"), """
                version: 1
                okta:
                  orgUrl: not-a-url
                  auth:
                    apiToken: ${env:OKTA_API_TOKEN}
                mdm:
                  intune:
                    tenantId: 00000000-0000-0000-0000-000000000000
                    clientId: 11111111-1111-1111-1111-111111111111
                    clientSecret: ${env:GRAPH_CLIENT_SECRET}
                enrollments:
                  - name: windows-intune
                    platform: windows
                    mdm: intune
                    challenge: delegated
                    ca: okta
                    groups:
                      include: [ "ODA Windows Pilot" ]
                  - name: macos
                    platform: linux
                    mdm: jamff
                    challenge: delegated
                    ca: okta
                    groups:
                      include: []
                """);
        HubCli.Run run = new HubCli(dir, Map.of()).run("validate");

        assertThat(run.exitCode()).isEqualTo(1);
        List<String> lines = Arrays.stream(run.err().split("\n")).filter(l -> l.contains("scephub.yaml:")).toList();
        assertThat(lines).anyMatch(l -> l.contains(":3:") && l.contains("okta.orgUrl"))
                .anyMatch(l -> l.contains(":20:") && l.contains("enrollments[1].platform"))
                .anyMatch(l -> l.contains(":21:") && l.contains("enrollments[1].mdm") && l.contains("jamff"))
                .anyMatch(l -> l.contains(":25:") && l.contains("enrollments[1].groups.include"));
        assertThat(lines).as(run.err()).hasSizeBetween(4, 5);
    }

    @Test
    void validateNeedsNoSecretsButPlanNamesEveryMissingOne() throws Exception {
        Files.writeString(dir.resolve("scephub.yaml"), """
                version: 1
                okta:
                  orgUrl: https://example.okta.com
                  auth:
                    apiToken: ${env:OKTA_API_TOKEN}
                mdm:
                  intune:
                    tenantId: 00000000-0000-0000-0000-000000000000
                    clientId: 11111111-1111-1111-1111-111111111111
                    clientSecret: ${file:secrets/graph}
                enrollments:
                  - name: windows-intune
                    platform: windows
                    mdm: intune
                    challenge: delegated
                    ca: okta
                    groups:
                      include: [ "ODA Windows Pilot" ]
                """);
        HubCli cli = new HubCli(dir, Map.of());
        assertThat(cli.run("validate").exitCode()).isZero();

        HubCli.Run plan = cli.run("plan");
        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.err()).contains("${env:OKTA_API_TOKEN}").contains("${file:secrets/graph}");
    }
}
