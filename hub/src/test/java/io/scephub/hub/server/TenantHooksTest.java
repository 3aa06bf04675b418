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
            try (TenantHooks hooks = new TenantHooks(c -> {
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
    void theSessionOpenedForATenantIsNarrowedToIt() throws Exception {
        Path config = Files.writeString(dir.resolve("scephub.yaml"), file("https://b.okta.com", "B_TOKEN"));
        Map<String, String> env = Map.of("A_TOKEN", "canary-a-token-1f", "B_TOKEN", "canary-b-token-2e");
        try (Hub hub = Hub.create(new HubEnvironment(env, dir, Clock.systemUTC()))) {
            List<HubSession> sessions = new ArrayList<>();
            try (TenantHooks hooks = new TenantHooks(c -> {
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
