package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.fixtures.SandboxExtension;
import io.scephub.fixtures.Sandboxes;
import io.scephub.hub.sync.TenantReload;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxConfigFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vendor endpoints {@code serve} offers (Jamf's SCEPChallenge webhook under {@code /hooks/tenants/<tenant>/jamf/…})
 * follow edits of scephub.yaml like the rest of serve: a rotated webhook password (a new reference, or a new value in
 * the file behind the same one), a tenant added and one removed take effect without a restart, without resetting Okta's
 * dynamic-challenge password again, and no secret shows in serve's output. Hook bodies are small, as Jamf's are.
 */
@ExtendWith(SandboxExtension.class)
class TenantHooksReloadAgainstSandboxTest {
    private static final String TOKEN = "it-hooks-token-canary-71c0";
    private static final String PASSWORD = "canary-hooks-webhook-password-first-5a1d";
    private static final String ROTATED = "canary-hooks-webhook-password-rotated-e93b";
    private static final String MACS_TEMPLATE = """
            templates:
              - name: oda-macs
                applyTo: { all: true }
                enrollments:
                  - name: macos-jamf
                    platform: macos
                    mdm: jamf
                    challenge: dynamic
                    ca: okta
                    certificate:
                      subject: "CN=$COMPUTERNAME ODA $UDID"
                    groups:
                      include: [ "ODA Macs" ]
            """;

    @TempDir
    Path dir;

    @Test
    void aRotatedWebhookPasswordAnAddedAndARemovedTenantReachTheJamfHookWithoutARestart(Sandboxes sandboxes) throws Exception {
        Sandbox prod = sandboxes.named("prod");
        Sandbox preview = sandboxes.named("preview");
        int port = ServedHub.freePort();
        String base = "http://127.0.0.1:" + port;
        String head = ServedHub.head(port, TOKEN) + MACS_TEMPLATE + "tenants:\n";
        Map<String, String> env = new HashMap<>();
        env.putAll(environment("PROD_", prod, PASSWORD));
        env.putAll(environment("PREVIEW_", preview, PASSWORD));
        env.put("PROD_JAMF_WEBHOOK_PASSWORD_ROTATED", ROTATED);
        env.put(TenantReload.TEST_OVERRIDE, "PT0.5S");
        String prodEntry = entry("prod", prod, port);
        Path config = Files.writeString(dir.resolve("scephub.yaml"), head + prodEntry);
        String prodHook = base + "/hooks/tenants/prod/jamf/scep-challenge";
        String previewHook = base + "/hooks/tenants/preview/jamf/scep-challenge";
        try (ServedHub serving = ServedHub.start(env, dir, config, base, "it-hooks-reload-serve")) {
            // prod's Okta gets its SCEP configuration and dynamic-challenge credentials, Jamf its profile and webhook.
            String scepUrl = syncedScepUrl(base, prod);

            HttpResponse<String> answered = hook(prodHook, PASSWORD, scepUrl);
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
            String challenge = answered.body();
            assertThat(challenge).isNotBlank();
            assertThat(hook(prodHook, ROTATED, scepUrl).statusCode()).isEqualTo(401);

            // The webhook password rotated in scephub.yaml (a new secret reference): the next reload answers only the new one.
            Files.writeString(config, head + prodEntry.replace("${env:PROD_JAMF_WEBHOOK_PASSWORD}",
                    "${env:PROD_JAMF_WEBHOOK_PASSWORD_ROTATED}"));
            ServedHub.await(() -> hook(prodHook, ROTATED, scepUrl).statusCode() == 200, "the rotated password accepted");
            assertThat(hook(prodHook, PASSWORD, scepUrl).statusCode()).as("the old password").isEqualTo(401);

            // preview added: its hook answers from preview's own session (its Okta org knows no SCEP URL of prod's).
            String rotatedProd = prodEntry.replace("${env:PROD_JAMF_WEBHOOK_PASSWORD}", "${env:PROD_JAMF_WEBHOOK_PASSWORD_ROTATED}");
            assertThat(hook(previewHook, PASSWORD, scepUrl).statusCode()).as("not served yet: the bearer check").isEqualTo(401);
            Files.writeString(config, head + rotatedProd + entry("preview", preview, port));
            ServedHub.await(() -> hook(previewHook, PASSWORD, scepUrl).statusCode() == 404, "preview's hook served");
            HttpResponse<String> stranger = hook(previewHook, ROTATED, scepUrl);
            assertThat(stranger.statusCode()).isEqualTo(401);
            assertThat(stranger.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Basic");

            // prod removed: its hook is no longer served (an unknown path asks for the bearer token).
            Files.writeString(config, head + entry("preview", preview, port));
            ServedHub.await(() -> hook(prodHook, ROTATED, scepUrl).statusCode() == 401, "prod's hook gone");
            HttpResponse<String> gone = hook(prodHook, ROTATED, scepUrl);
            assertThat(gone.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
            assertThat(hook(previewHook, PASSWORD, scepUrl).statusCode()).as("preview still served").isEqualTo(404);
            assertThat(serving.isAlive()).isTrue();
            assertThat(serving.output()).doesNotContain(PASSWORD).doesNotContain(ROTATED).doesNotContain(challenge)
                    .doesNotContain(TOKEN).doesNotContain(prod.options().oktaApiToken())
                    .doesNotContain(prod.options().jamfClientSecret());
        }
    }

    @Test
    void aWebhookPasswordFileRotatedBehindTheSameReferenceReachesTheHookAndOktaIsNotResetAgain(Sandboxes sandboxes)
            throws Exception {
        Sandbox prod = sandboxes.named("prod");
        int port = ServedHub.freePort();
        String base = "http://127.0.0.1:" + port;
        Map<String, String> env = new HashMap<>(environment("PROD_", prod, PASSWORD));
        env.put(TenantReload.TEST_OVERRIDE, "PT0.5S");
        Path secret = Files.createDirectories(dir.resolve("secrets")).resolve("prod-jamf-webhook");
        Files.writeString(secret, PASSWORD + "\n");
        Path config = Files.writeString(dir.resolve("scephub.yaml"), ServedHub.head(port, TOKEN) + MACS_TEMPLATE + "tenants:\n"
                + entry("prod", prod, port).replace("${env:PROD_JAMF_WEBHOOK_PASSWORD}", "${file:secrets/prod-jamf-webhook}"));
        String prodHook = base + "/hooks/tenants/prod/jamf/scep-challenge";
        try (ServedHub serving = ServedHub.start(env, dir, config, base, "it-hooks-secret-file-serve")) {
            String scepUrl = syncedScepUrl(base, prod);

            HttpResponse<String> first = hook(prodHook, PASSWORD, scepUrl);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            long resets = passwordResets(prod);
            assertThat(resets).as("serve obtained the dynamic-challenge password from Okta").isPositive();

            // The file behind the unchanged ${file:...} reference rotated: scephub.yaml did not change, the next reload
            // notices the new value and opens prod's session again.
            Files.writeString(secret, ROTATED + "\n");
            ServedHub.await(() -> hook(prodHook, ROTATED, scepUrl).statusCode() == 200, "the rotated password accepted");
            assertThat(hook(prodHook, PASSWORD, scepUrl).statusCode()).as("the old password").isEqualTo(401);
            HttpResponse<String> again = hook(prodHook, ROTATED, scepUrl);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(passwordResets(prod)).as("the reopened session kept Okta's password: no second reset").isEqualTo(resets);

            assertThat(serving.isAlive()).isTrue();
            assertThat(serving.output()).doesNotContain(PASSWORD).doesNotContain(ROTATED).doesNotContain(first.body())
                    .doesNotContain(again.body()).doesNotContain(TOKEN).doesNotContain(prod.options().oktaApiToken())
                    .doesNotContain(prod.options().jamfClientSecret());
        }
    }

    /** Syncs prod through the REST API (Okta's SCEP configuration, Jamf's profile and webhook); answers its SCEP URL. */
    private static String syncedScepUrl(String base, Sandbox prod) throws Exception {
        assertThat(ServedHub.awaitRun(ServedHub.queueSync(base, "prod", TOKEN), TOKEN)).isEqualTo("succeeded");
        return prod.okta().registrationAuthorities().get(0).path("scepUrl").asText();
    }

    /** How often Okta was asked for a new dynamic-challenge password ({@code resetPassword}). */
    private static long passwordResets(Sandbox sandbox) {
        return sandbox.requests().of(io.scephub.sandbox.Vendor.OKTA).stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/resetPassword")).count();
    }

    /** {@code name}'s tenants: entry on {@code sandbox}: Okta and Jamf, credentials as {@code ${env:<NAME>_...}}. */
    private static String entry(String name, Sandbox sandbox, int port) {
        String prefix = name.toUpperCase(java.util.Locale.ROOT) + "_";
        String header = SandboxConfigFile.withEnvironment(sandbox).header(SandboxConfigFile.withEnvironment(sandbox).jamf(port))
                .replace("${env:", "${env:" + prefix)
                .replace(SandboxConfigFile.JAMF_HOOK_PATH, "/hooks/tenants/" + name + "/jamf/scep-challenge");
        StringBuilder entry = new StringBuilder("  - name: ").append(name).append('\n');
        header.substring(header.indexOf("okta:")).lines().forEach(line -> entry.append("    ").append(line).append('\n'));
        return entry.toString();
    }

    private static Map<String, String> environment(String prefix, Sandbox sandbox, String webhookPassword) {
        Map<String, String> env = new HashMap<>();
        SandboxConfigFile.environment(sandbox, webhookPassword).forEach((k, v) -> env.put(prefix + k, v));
        return env;
    }

    /** Posts Jamf's SCEPChallenge event for {@code scepUrl} to {@code url} with HTTP Basic as the Jamf webhook user. */
    private static HttpResponse<String> hook(String url, String password, String scepUrl) {
        String basic = Base64.getEncoder().encodeToString((SandboxConfigFile.JAMF_HOOK_USER + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"webhook\":{\"webhookEvent\":\"SCEPChallenge\"},\"event\":{\"scepServerUrl\":\"" + scepUrl
                                    + "\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
