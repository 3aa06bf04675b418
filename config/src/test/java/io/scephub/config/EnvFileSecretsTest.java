package io.scephub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scephub.core.error.SecretResolutionError;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileSecretsTest {
    @TempDir
    Path dir;

    @Test
    void resolvesEnvironmentVariablesWithTheReferenceAsOrigin() {
        EnvFileSecrets secrets = new EnvFileSecrets(Map.of("OKTA_API_TOKEN", "t0ken"), dir);

        Secret secret = secrets.resolve(new SecretRef(SecretRef.Source.ENV, "OKTA_API_TOKEN"));

        assertThat(secret.reveal()).isEqualTo("t0ken");
        assertThat(secret.origin()).isEqualTo("${env:OKTA_API_TOKEN}");
        assertThat(secret).hasToString("***");
    }

    @Test
    void readsFilesRelativeToTheConfigDirectoryDroppingOneTrailingNewline() throws Exception {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/jamf"), "line1\nline2\n\n");
        Files.writeString(dir.resolve("secrets/crlf"), "value\r\n");
        EnvFileSecrets secrets = new EnvFileSecrets(Map.of(), dir);

        assertThat(secrets.resolve(file("secrets/jamf")).reveal()).isEqualTo("line1\nline2\n");
        assertThat(secrets.resolve(file("secrets/crlf")).reveal()).isEqualTo("value");
        assertThat(secrets.resolve(file("secrets/crlf")).origin()).isEqualTo("${file:secrets/crlf}");
    }

    @Test
    void aOneLineSecretFileWithAnExtraTrailingNewlineIsRefusedNamingTheKeyAndFileButNotTheValue() throws Exception {
        Files.writeString(dir.resolve("okta-token"), "canary-token-value-8c1f\n\n");
        DesiredState state = new DesiredState(Map.of("okta", new ConnectorSettings("okta", "okta", Map.of(
                "orgUrl", "https://example.okta.com", "auth.apiToken", file("okta-token")))), List.of());
        EnvFileSecrets secrets = new EnvFileSecrets(Map.of(), dir);

        assertThatThrownBy(() -> secrets.checkAll(state))
                .isInstanceOf(SecretResolutionError.class)
                .hasMessageContaining("okta.auth.apiToken ${file:okta-token}")
                .hasMessageContaining("okta-token ends with more than the one line break that is ignored")
                .message().doesNotContain("canary-token-value-8c1f");
        Files.writeString(dir.resolve("okta-token"), "canary-token-value-8c1f \n");
        assertThatThrownBy(() -> secrets.checkAll(state)).hasMessageContaining("trailing blanks");
    }

    @Test
    void unresolvableReferenceIsNamedWithoutAnyValue() {
        EnvFileSecrets secrets = new EnvFileSecrets(Map.of("EMPTY", ""), dir);

        assertThatThrownBy(() -> secrets.resolve(new SecretRef(SecretRef.Source.ENV, "MISSING")))
                .isInstanceOf(SecretResolutionError.class)
                .hasMessage("${env:MISSING}: environment variable MISSING is not set");
        assertThatThrownBy(() -> secrets.resolve(new SecretRef(SecretRef.Source.ENV, "EMPTY")))
                .hasMessage("${env:EMPTY}: environment variable EMPTY is empty");
    }

    @Test
    void checkAllNamesEveryUnresolvableReferenceAtOnce() throws Exception {
        Files.writeString(dir.resolve("present"), "file-secret-value\n");
        DesiredState state = new DesiredState(Map.of(
                "okta", new ConnectorSettings("okta", "okta", Map.of(
                        "orgUrl", "https://example.okta.com",
                        "auth.apiToken", new SecretRef(SecretRef.Source.ENV, "OKTA_API_TOKEN"))),
                "jamf", new ConnectorSettings("jamf", "mdm.jamf", Map.of(
                        "clientId", new SecretRef(SecretRef.Source.ENV, "JAMF_CLIENT_ID"),
                        "clientSecret", file("absent/jamf-secret"),
                        "other", file("present")))),
                List.of());
        EnvFileSecrets secrets = new EnvFileSecrets(Map.of("JAMF_CLIENT_ID", "env-secret-value"), dir);

        assertThatThrownBy(() -> secrets.checkAll(state))
                .isInstanceOf(SecretResolutionError.class)
                .hasMessage("2 secret references cannot be resolved:\n"
                        + "  mdm.jamf.clientSecret ${file:absent/jamf-secret}: file " + dir.resolve("absent/jamf-secret")
                        + " does not exist\n"
                        + "  okta.auth.apiToken ${env:OKTA_API_TOKEN}: environment variable OKTA_API_TOKEN is not set")
                .hasMessageNotContaining("secret-value");
    }

    @Test
    void checkAllOfAConfigIncludesTheHubsReferences() {
        HubSettings hub = new HubSettings(
                new HubSettings.State(java.util.Optional.of("jdbc:postgresql://db/scephub"), java.util.Optional.of("scephub"),
                        java.util.Optional.of(new SecretRef(SecretRef.Source.ENV, "DB_PASSWORD")), dir,
                        HubSettings.State.DEFAULT_REUSE_READS_FOR),
                new HubSettings.Schedule(HubSettings.Schedule.DEFAULT_SYNC),
                new HubSettings.Server(HubSettings.Listen.DEFAULT, List.of(new HubSettings.ApiToken("ci",
                        new HubSettings.TokenDigest.Reference(new SecretRef(SecretRef.Source.ENV, "CI_TOKEN_SHA256"))))));
        ScephubConfig config = new ScephubConfig(dir.resolve("scephub.yaml"), new DesiredState(Map.of(), List.of()), hub);

        assertThatThrownBy(() -> new EnvFileSecrets(Map.of(), dir).checkAll(config))
                .hasMessageContaining("server.tokens[0].sha256 ${env:CI_TOKEN_SHA256}")
                .hasMessageContaining("state.password ${env:DB_PASSWORD}");
        assertThatCode(() -> new EnvFileSecrets(Map.of("DB_PASSWORD", "x", "CI_TOKEN_SHA256", "y"), dir).checkAll(config))
                .doesNotThrowAnyException();
    }

    private static SecretRef file(String path) {
        return new SecretRef(SecretRef.Source.FILE, path);
    }
}
