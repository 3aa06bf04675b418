package io.scephub.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.config.ScephubConfig;
import io.scephub.hub.Hub;
import io.scephub.hub.HubEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a reload of scephub.yaml hands to what serves the tenants: new tenants, removed ones, and the file itself. */
class TenantReloadTest {
    @TempDir
    Path dir;

    /** Records what the reload asked for, serving the tenants it was told about. */
    static final class Recorded implements TenantReload.Serving {
        final Set<String> served = new LinkedHashSet<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public Set<String> served() {
            return Set.copyOf(served);
        }

        @Override
        public void add(String tenant, ScephubConfig config) {
            assertThat(config.tenant(tenant)).as("added with the file that has it").isPresent();
            served.add(tenant);
            calls.add("add " + tenant);
        }

        @Override
        public void remove(String tenant) {
            served.remove(tenant);
            calls.add("remove " + tenant);
        }

        @Override
        public void reloaded(ScephubConfig config) {
            calls.add("reloaded " + String.join(",", config.tenantNames()));
        }
    }

    private static String file(String... tenants) {
        StringBuilder sb = new StringBuilder("version: 1\ntenants:\n");
        for (String t : tenants) {
            sb.append("""
                      - name: %s
                        okta:
                          orgUrl: https://%s.okta.com
                          auth:
                            apiToken: ${env:%s_OKTA_API_TOKEN}
                    """.formatted(t, t, t.toUpperCase(java.util.Locale.ROOT)));
        }
        return sb.toString();
    }

    @Test
    void aRemovedTenantIsRemovedANewOneAddedAndTheFileHandedOverABrokenEditChangesNothing() throws Exception {
        Path config = Files.writeString(dir.resolve("scephub.yaml"), file("a", "b"));
        Recorded serving = new Recorded();
        serving.served.addAll(List.of("a", "b"));
        try (Hub hub = Hub.create(new HubEnvironment(Map.of(), dir, Clock.systemUTC()))) {
            TenantReload reload = new TenantReload(config, hub::load, serving);

            assertThat(reload.reload()).as("unchanged file").isEqualTo(new TenantReload.Changes(List.of(), List.of()));

            Files.writeString(config, file("a", "b") + "  - name: broken\n    okta: [ not, a, mapping ]\n");
            assertThat(reload.reload()).isEqualTo(new TenantReload.Changes(List.of(), List.of()));
            assertThat(serving.calls).isEmpty();

            Files.writeString(config, file("a", "c"));
            TenantReload.Changes changes = reload.reload();

            assertThat(changes).isEqualTo(new TenantReload.Changes(List.of("c"), List.of("b")));
            assertThat(serving.calls).containsExactly("remove b", "add c", "reloaded a,c");
            assertThat(serving.served).containsExactly("a", "c");
        }
    }
}
