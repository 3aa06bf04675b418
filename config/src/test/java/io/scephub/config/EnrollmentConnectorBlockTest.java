package io.scephub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.SecretRef;
import io.scephub.core.model.SettingDef;
import io.scephub.core.model.SettingProblem;
import io.scephub.core.model.SettingType;
import io.scephub.core.model.SettingsSchema;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.ConnectorContext;
import io.scephub.core.spi.ConnectorProvider;
import io.scephub.core.spi.ConnectorRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connector declares the block each enrollment may carry under its id; config reads it like a section. */
class EnrollmentConnectorBlockTest {
    @TempDir
    Path dir;

    /** The fake Okta, plus an enrollment block with a choice and a secret. */
    private static ConnectorProvider oktaWithBlock() {
        ConnectorProvider okta = FakeProviders.okta();
        return new ConnectorProvider() {
            public String id() { return okta.id(); }
            public ConnectorRole role() { return okta.role(); }
            public SettingsSchema settingsSchema() { return okta.settingsSchema(); }
            public List<SettingProblem> validate(ConnectorSettings s, DesiredState d) { return okta.validate(s, d); }
            public Connector open(ConnectorSettings s, ConnectorContext c) { return okta.open(s, c); }

            @Override
            public Optional<SettingsSchema> enrollmentSettings() {
                return Optional.of(new SettingsSchema("okta", "the enrollment's Okta side", List.of(
                        SettingDef.optional("manage", SettingType.STRING, "api or console").oneOf("api", "console"),
                        SettingDef.optional("scepUrl", SettingType.SECRET, "what the console shows"))));
            }
        };
    }

    private ConfigLoader loader() {
        List<ConnectorProvider> providers = new ArrayList<>(FakeProviders.all());
        providers.set(0, oktaWithBlock());
        return new ConfigLoader(providers);
    }

    private Path write(String block) throws Exception {
        Path file = dir.resolve("scephub.yaml");
        Files.writeString(file, """
                version: 1
                okta:
                  orgUrl: https://example.okta.com
                  auth:
                    apiToken: ${env:OKTA_API_TOKEN}
                mdm:
                  jamf:
                    url: https://example.jamfcloud.com
                    clientId: ${env:JAMF_CLIENT_ID}
                    clientSecret: ${env:JAMF_CLIENT_SECRET}
                enrollments:
                  - name: macos-jamf
                    platform: macos
                    mdm: jamf
                    challenge: dynamic
                    groups:
                      include: [ "ODA Macs" ]
                """ + block);
        return file;
    }

    @Test
    void theBlockIsReadWithTheConnectorsTypes() throws Exception {
        ScephubConfig config = loader().load(write("""
                    okta:
                      manage: console
                      scepUrl: ${file:okta/scep-url}
                """));

        ConnectorSettings block = config.desired().enrollments().get(0).settingsFor("okta").orElseThrow();
        assertThat(block.section()).isEqualTo("enrollments[0].okta");
        assertThat(block.optionalString("manage")).contains("console");
        assertThat(block.secret("scepUrl")).isEqualTo(new SecretRef(SecretRef.Source.FILE, "okta/scep-url"));
    }

    @Test
    void mistakesInTheBlockAreLocatedAtTheirLineAndPath() throws Exception {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader().load(write("""
                    okta:
                      manage: consol
                      scepUrl: https://literal.example.com
                      scepURL: ${env:X}
                """)));

        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::path).containsExactly(
                org.assertj.core.api.Assertions.tuple(19, "enrollments[0].okta.manage"),
                org.assertj.core.api.Assertions.tuple(20, "enrollments[0].okta.scepUrl"),
                org.assertj.core.api.Assertions.tuple(21, "enrollments[0].okta.scepURL"));
    }

    @Test
    void withoutADeclaredBlockTheKeyIsUnknown() throws Exception {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(FakeProviders.all()).load(write("""
                    okta:
                      manage: console
                """)));

        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("enrollments[0].okta");
    }
}
