package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.fixtures.Sandboxes;
import io.scephub.hub.sync.TenantReload;
import io.scephub.sandbox.Sandbox;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant added to scephub.yaml while {@code serve} runs is served without a restart: its REST routes answer, a sync
 * queued for it runs against its own vendors. A broken edit in between is logged and changes nothing. A tenant removed
 * and an API token rotated also take effect without a restart.
 */
@ExtendWith(SandboxExtension.class)
class TenantReloadAgainstSandboxTest {
    private static final String TOKEN = "it-reload-token-canary-4f2a";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aTenantAddedWhileServingGetsItsRoutesAndItsSyncsAndARemovedOneAndARotatedTokenGoWithoutARestart(Sandboxes sandboxes)
            throws Exception {
        Sandbox prod = sandboxes.named("prod");
        Sandbox preview = sandboxes.named("preview");
        TwoTenants tenants = new TwoTenants(prod, preview);
        int port = ServedHub.freePort();
        String base = "http://127.0.0.1:" + port;
        String hex = ServedHub.sha256Hex(TOKEN);
        String head = ServedHub.head(port, TOKEN) + TwoTenants.WINDOWS_TEMPLATE + "tenants:\n";
        Path config = Files.writeString(dir.resolve("scephub.yaml"), head + tenants.entry("prod"));
        Map<String, String> env = new HashMap<>(tenants.env());
        env.put(TenantReload.TEST_OVERRIDE, "PT0.5S");
        try (ServedHub serving = ServedHub.start(env, dir, config, base, "it-reload-serve")) {
            assertThat(tenants(base)).containsExactly("prod");
            assertThat(get(base + "/api/v1/tenants/preview/syncs").statusCode()).isEqualTo(404);

            // A broken edit: logged, nothing changes, serve goes on.
            Files.writeString(config, head + tenants.entry("prod") + "  - name: preview\n    okta: [ not, a, mapping ]\n");
            Thread.sleep(2_000);
            assertThat(tenants(base)).containsExactly("prod");
            assertThat(serving.isAlive()).isTrue();

            Files.writeString(config, head + tenants.entry("prod") + tenants.entry("preview"));
            ServedHub.await(() -> tenants(base).contains("preview"), "preview served");
            assertThat(tenants(base)).containsExactly("prod", "preview");

            assertThat(ServedHub.awaitRun(ServedHub.queueSync(base, "preview", TOKEN), TOKEN)).isEqualTo("succeeded");
            assertThat(TwoTenants.owned(preview)).hasSize(2);
            assertThat(TwoTenants.owned(prod)).as("only the queued tenant was synced").isEmpty();
            assertThat(serving.output()).doesNotContain(preview.options().clientSecret()).doesNotContain(TOKEN);

            // prod removed and the API token rotated: both take effect at the next reload.
            String rotated = "it-reload-token-rotated-8d3e";
            String rotatedHex = ServedHub.sha256Hex(rotated);
            Files.writeString(config, head.replace(hex, rotatedHex) + tenants.entry("preview"));
            ServedHub.await(() -> get(base + "/api/v1/tenants", rotated).statusCode() == 200
                    && tenants(base, rotated).equals(java.util.List.of("preview")), "prod removed and the token rotated");
            assertThat(get(base + "/api/v1/tenants", TOKEN).statusCode()).as("the old token").isEqualTo(401);
            assertThat(get(base + "/api/v1/tenants/prod/syncs", rotated).statusCode()).isEqualTo(404);
            assertThat(get(base + "/api/v1/tenants/preview/syncs", rotated).statusCode()).isEqualTo(200);
            assertThat(serving.isAlive()).isTrue();
            assertThat(serving.output()).doesNotContain(rotated);
        }
    }

    private static java.util.List<String> tenants(String base) {
        return tenants(base, TOKEN);
    }

    private static java.util.List<String> tenants(String base, String token) {
        try {
            JsonNode body = JSON.readTree(get(base + "/api/v1/tenants", token).body());
            java.util.List<String> names = new java.util.ArrayList<>();
            body.path("items").forEach(t -> names.add(t.path("name").asText()));
            return names;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> get(String url) {
        return ServedHub.get(url, TOKEN);
    }

    private static HttpResponse<String> get(String url, String token) {
        return ServedHub.get(url, token);
    }
}
