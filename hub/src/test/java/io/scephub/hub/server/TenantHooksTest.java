package io.scephub.hub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scephub.config.ScephubConfig;
import io.scephub.hub.Hub;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.HubSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which reloads open a tenant's hook session again: only those that change the tenant's section. */
class TenantHooksTest {
    @TempDir
    Path dir;

    private static String file(String bUrl, String bToken) {
        return """
                version: 1
                tenants:
                  - name: a
                    okta:
                      orgUrl: https://a.okta.com
                      auth:
                        apiToken: ${env:A_TOKEN}
                  - name: b
                    okta:
                      orgUrl: %s
                      auth:
                        apiToken: ${env:%s}
                """.formatted(bUrl, bToken);
    }

    @Test
    void aTenantsSessionIsOpenedAgainOnlyWhenItsSectionChangedAndAFailureKeepsTheOldOne() throws Exception {
        Path config = Files.writeString(dir.resolve("scephub.yaml"), file("https://b.okta.com", "B_TOKEN"));
        Map<String, String> env = Map.of("A_TOKEN", "canary-a-token-1f", "B_TOKEN", "canary-b-token-2e", "B_ROTATED", "canary-b-3d");
        try (Hub hub = Hub.create(new HubEnvironment(env, dir, Clock.systemUTC()))) {
            List<String> opened = new ArrayList<>();
            try (TenantHooks hooks = new TenantHooks(env, c -> {
                opened.add(c.onlyTenant().name());
                return hub.open(c);
            })) {
                ScephubConfig first = hub.load(config);
                assertThat(hooks.serve("a", first)).isTrue();
                assertThat(hooks.serve("b", first)).isTrue();

                ScephubConfig same = hub.load(config);
                assertThat(hooks.serve("a", same)).as("the same section, loaded again").isFalse();
                assertThat(hooks.serve("b", same)).isFalse();

                Files.writeString(config, file("https://b.okta.com", "B_ROTATED"));
                ScephubConfig rotated = hub.load(config);
                assertThat(hooks.serve("a", rotated)).isFalse();
                assertThat(hooks.serve("b", rotated)).as("b's credential reference changed").isTrue();
                assertThat(opened).containsExactly("a", "b", "b");

                Files.writeString(config, file("https://b.okta.com", "B_MISSING"));
                ScephubConfig broken = hub.load(config);
                assertThatThrownBy(() -> hooks.serve("b", broken)).hasMessageContaining("B_MISSING")
                        .hasMessageNotContaining("canary");
                assertThat(hooks.serve("b", rotated)).as("after a failure the last good section still counts").isFalse();

                hooks.remove("b");
                assertThat(hooks.serve("b", rotated)).as("a removed tenant added back").isTrue();
            }
        }
    }

    @Test
    void aSecretRotatedBehindAnUnchangedReferenceOpensTheTenantsSessionAgainWithoutShowingIt() throws Exception {
        String first = "canary-file-token-first-77a1";
        String rotated = "canary-file-token-rotated-0c4e";
        Path secret = Files.createDirectories(dir.resolve("secrets")).resolve("b-token");
        Files.writeString(secret, first + "\n");
        Path config = Files.writeString(dir.resolve("scephub.yaml"), file("https://b.okta.com", "B_TOKEN")
                .replace("${env:B_TOKEN}", "${file:secrets/b-token}"));
        Map<String, String> env = Map.of("A_TOKEN", "canary-a-token-1f");
        try (Hub hub = Hub.create(new HubEnvironment(env, dir, Clock.systemUTC()))) {
            List<String> opened = new ArrayList<>();
            try (TenantHooks hooks = new TenantHooks(env, c -> {
                opened.add(c.onlyTenant().name());
                return hub.open(c);
            })) {
                ScephubConfig loaded = hub.load(config);
                assertThat(hooks.serve("a", loaded)).isTrue();
                assertThat(hooks.serve("b", loaded)).isTrue();
                assertThat(hooks.serve("b", loaded)).as("the same value behind the reference").isFalse();

                Files.writeString(secret, rotated + "\n");
                assertThat(hooks.serve("a", loaded)).isFalse();
                assertThat(hooks.serve("b", loaded)).as("the file behind b's unchanged reference rotated").isTrue();
                assertThat(hooks.serve("b", loaded)).isFalse();

                Files.delete(secret);
                assertThatThrownBy(() -> hooks.serve("b", loaded)).hasMessageContaining("${file:secrets/b-token}")
                        .hasMessageNotContaining("canary");
                Files.writeString(secret, rotated + "\n");
                assertThat(hooks.serve("b", loaded)).as("back to the value served: nothing to open").isFalse();
                assertThat(opened).containsExactly("a", "b", "b");
            }
        }
    }

    @Test
    void theSessionOpenedForATenantIsNarrowedToIt() throws Exception {
        Path config = Files.writeString(dir.resolve("scephub.yaml"), file("https://b.okta.com", "B_TOKEN"));
        Map<String, String> env = Map.of("A_TOKEN", "canary-a-token-1f", "B_TOKEN", "canary-b-token-2e");
        try (Hub hub = Hub.create(new HubEnvironment(env, dir, Clock.systemUTC()))) {
            List<HubSession> sessions = new ArrayList<>();
            try (TenantHooks hooks = new TenantHooks(env, c -> {
                HubSession s = hub.open(c);
                sessions.add(s);
                return s;
            })) {
                hooks.serve("b", hub.load(config));
                assertThat(sessions).singleElement().satisfies(s -> assertThat(s.tenant()).isEqualTo("b"));
            }
        }
    }
}
