package io.scephub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.scephub.core.model.SecretRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleConfigTest {
    @TempDir
    Path dir;

    final ConfigLoader loader = new ConfigLoader(FakeProviders.all());

    @Test
    void noConsoleSectionMeansNoConsole() {
        assertThat(loader.load(write(ConfigLoaderTest.minimal(""))).hub().server().console()).isEmpty();
    }

    @Test
    void aFullConsoleSectionIsReadWithItsGroupsAndDefaults() {
        HubSettings.Console console = load("""
                    issuer: https://example.okta.com/
                    clientId: 0oa1b2c3
                    clientSecret: ${env:CONSOLE_SECRET}
                    redirectUri: https://scephub.example.com/auth/callback
                    viewers: [ "scephub-viewers" ]
                    operators: [ "scephub-operators", "Okta admins" ]
                """).orElseThrow();

        assertThat(console).isEqualTo(new HubSettings.Console("https://example.okta.com", "0oa1b2c3",
                new SecretRef(SecretRef.Source.ENV, "CONSOLE_SECRET"), "https://scephub.example.com/auth/callback", "groups",
                List.of("scephub-viewers"), List.of("scephub-operators", "Okta admins"), false));
    }

    @Test
    void mistakesAreReportedAtTheirLineWithoutQuotingASecret() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
                    issuer: not-a-url
                    clientSecret: hunter2-inline-secret
                    redirectUri: https://scephub.example.com/callback
                    trustForwardedProto: maybe
                """));

        assertThat(e).isNotNull();
        List<String> problems = e.problems().stream().map(ConfigProblem::render).toList();
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("scephub.yaml:8:13: server.console.issuer: \"not-a-url\""))
                .anySatisfy(p -> assertThat(p).isEqualTo("scephub.yaml:9:19: server.console.clientSecret: secrets must be given by"
                        + " reference (${env:NAME} or ${file:path}), not inline"))
                .anySatisfy(p -> assertThat(p).startsWith("scephub.yaml:10:18: server.console.redirectUri:"
                        + " \"https://scephub.example.com/callback\" does not end in /auth/callback"))
                .anySatisfy(p -> assertThat(p).startsWith("scephub.yaml:11:26: server.console.trustForwardedProto:"))
                .anySatisfy(p -> assertThat(p).contains("server.console.clientId: missing"))
                .anySatisfy(p -> assertThat(p).contains("server.console: names no groups"));
        assertThat(String.join("\n", problems)).doesNotContain("hunter2");
    }

    @Test
    void theClientSecretIsCheckedWithTheOtherReferences() {
        ScephubConfig config = loader.load(write(ConfigLoaderTest.minimal(section("""
                    issuer: https://example.okta.com
                    clientId: 0oa1b2c3
                    clientSecret: ${env:CONSOLE_SECRET}
                    redirectUri: https://scephub.example.com/auth/callback
                    viewers: [ v ]
                """))));
        var secrets = new EnvFileSecrets(java.util.Map.of("OKTA_API_TOKEN", "x", "GRAPH_CLIENT_SECRET", "y"), dir);

        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> secrets.checkAll(config));

        assertThat(failure).hasMessageContaining("server.console.clientSecret ${env:CONSOLE_SECRET}");
    }

    private Optional<HubSettings.Console> load(String console) {
        return loader.load(write(ConfigLoaderTest.minimal(section(console)))).hub().server().console();
    }

    private static String section(String console) {
        return "server:\n  console:\n" + console;
    }

    private Path write(String yaml) {
        try {
            return Files.writeString(dir.resolve("scephub.yaml"), yaml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
