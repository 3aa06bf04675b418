package io.scephub.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.resource.DesiredStateProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values a vendor rejects are placed where the file states them: enrollments by name, settings by path. */
class DesiredStateLocationsTest {
    static final String YAML = """
            version: 1
            okta:
              orgUrl: https://example.okta.com
              auth:
                apiToken: ${env:OKTA_API_TOKEN}
            mdm:
              workspaceone:
                organizationGroup: Corp
            enrollments:
              - name: macos-jamf
                groups:
                  include: [ "Macs" ]
              - name: windows-intune
                groups:
                  include:
                    - "ODA Windows Pilot"
                    - "ODA Windows Wave 2"
            """;

    @TempDir
    Path dir;

    @Test
    void enrollmentFieldsAreFoundByNameAndSettingsByPathInFileOrder() throws Exception {
        Path file = Files.writeString(dir.resolve("scephub.yaml"), YAML);

        ConfigException e = DesiredStateLocations.locate(file, List.of(
                DesiredStateProblem.ofEnrollment("windows-intune", "groups.include[1]", "no Entra group named 'ODA Windows Wave 2'"),
                DesiredStateProblem.ofSetting("mdm.workspaceone.organizationGroup", "no organization group named 'Corp'"),
                DesiredStateProblem.ofEnrollment("macos-jamf", "groups.include[0]", "no smart group named 'Macs'")));

        assertThat(e.code()).isEqualTo("DESIRED_STATE_REJECTED");
        assertThat(e.problems()).extracting(ConfigProblem::render).containsExactly(
                "scephub.yaml:8:24: mdm.workspaceone.organizationGroup: no organization group named 'Corp'",
                "scephub.yaml:12:18: enrollments[0].groups.include[0]: no smart group named 'Macs'",
                "scephub.yaml:17:11: enrollments[1].groups.include[1]: no Entra group named 'ODA Windows Wave 2'");
        assertThat(e.getMessage()).startsWith("3 problems in the configuration, found by reading the vendors:\n");
    }

    @Test
    void anEnrollmentNoLongerInTheFileKeepsItsNameAndField() throws Exception {
        Path file = Files.writeString(dir.resolve("scephub.yaml"), YAML);

        ConfigException e = DesiredStateLocations.locate(file, List.of(
                DesiredStateProblem.ofEnrollment("gone", "groups.include[0]", "no group named 'X'")));

        assertThat(e.problems()).extracting(ConfigProblem::render)
                .containsExactly(file + ": enrollment \"gone\" groups.include[0]: no group named 'X'");
    }
}
