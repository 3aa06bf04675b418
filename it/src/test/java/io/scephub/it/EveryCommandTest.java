package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.fixtures.Sandboxes;
import io.scephub.sandbox.ChallengeRequest;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxConfigFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command {@code scephub --help} lists, and {@code serve}, run end to end against the sandbox: one workspace for
 * one Okta org with Intune and the delegated-challenge signer, a second with two tenants for {@code promote}. A command
 * added to the CLI fails this test until it is run here.
 */
@ExtendWith(SandboxExtension.class)
class EveryCommandTest {
    private static final String TOKEN = "it-every-command-token-canary-91c4";
    private static final String AUDIENCE = "okta-scep:windows-intune";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final Set<String> ran = new LinkedHashSet<>();
    private HubCli cli;

    @Test
    void everyListedCommandAndServeRunAgainstTheSandbox(Sandboxes sandboxes) throws Exception {
        Sandbox sandbox = sandboxes.named("prod");
        int port = ServedHub.freePort();
        Path config = writeConfig(sandbox, port);
        Map<String, String> env = new HashMap<>(SandboxConfig.credentials(sandbox));
        cli = new HubCli(dir, env);

        HubCli.Run help = cli.run("--help");
        assertThat(help.exitCode()).as(help.all()).isZero();
        Set<String> listed = commands(help.out());
        assertThat(listed).as(help.out()).contains("validate", "plan", "apply", "serve", "demo", "promote");

        expect(0, "validate");
        expect(2, "plan");
        expect(0, "apply", "--auto-approve");
        expect(0, "plan");
        expect(0, "validate", "--online");
        expect(0, "sync");
        assertThat(JSON.readTree(expect(0, "schema").out()).path("$schema").asText()).isNotBlank();
        Files.writeString(dir.resolve("okta-ca.pem"), sandbox.okta().oktaCaChainPem());
        expect(0, "cert", "check", dir.resolve("okta-ca.pem").toString());
        Files.writeString(dir.resolve("challenge.txt"), sandbox.challenges().issue(
                ChallengeRequest.builder(AUDIENCE, "device-every-command").platform("windows").build()));
        assertThat(expect(0, "verify-challenge", "--token", "challenge.txt").out()).contains("accepted");
        assertThat(expect(3, "verify-challenge", "--token", "challenge.txt").err()).as("a second use").contains("REPLAYED");
        Files.writeString(dir.resolve("device.pem"), sandbox.okta().issueDeviceCertificate("CN=WIN-HEALTHY-01", true));
        assertThat(expect(0, "doctor", "--device", "WIN-HEALTHY-01", "--cert", "device.pem").out())
                .contains("All three checks passed.");
        expect(0, "renewal", "forecast");
        expect(0, "status", "devices");
        expect(0, "status", "notifications");
        expect(0, "audit", "verify");
        assertThat(expect(0, "audit", "export").out()).as("the log of the runs above").isNotBlank();
        expect(0, "audit", "checkpoint", "--out", "head.json");
        assertThat(dir.resolve("head.json")).exists();
        expect(0, "help", "plan");
        promote(sandboxes);
        assertThat(expect(0, "demo", "--dir", "demo").out()).contains("demo");
        serve(env, config, port, sandbox);

        assertThat(ran).as("every command --help lists ran").containsAll(listed);
    }

    /** promote needs a preview tenant of a production tenant: the second workspace, converged in preview first. */
    private void promote(Sandboxes sandboxes) throws Exception {
        TwoTenants tenants = new TwoTenants(sandboxes.named("prod-tenant"), sandboxes.named("preview-tenant"));
        Path workspace = Files.createDirectories(dir.resolve("tenants"));
        Files.writeString(workspace.resolve("scephub.yaml"), "version: 1\n" + TwoTenants.WINDOWS_TEMPLATE + "tenants:\n" + tenants.entry("prod") + tenants.entry("preview", "    preview-of: prod\n", false));
        HubCli two = new HubCli(workspace, tenants.env());
        for (int i = 0; i < 2; i++) {
            HubCli.Run sync = two.run("sync", "--tenant", "preview");
            assertThat(sync.exitCode()).as(sync.all()).isZero();
        }
        HubCli.Run promote = two.run("promote", "--from", "preview", "--to", "prod", "--auto-approve");
        assertThat(promote.exitCode()).as(promote.all()).isZero();
        assertThat(TwoTenants.owned(tenants.prod())).as("promoted into prod").hasSize(2);
        ran.add("promote");
    }

    /** serve: ready, a sync queued over REST succeeds, a challenge verified over REST is accepted. */
    private void serve(Map<String, String> env, Path config, int port, Sandbox sandbox) throws Exception {
        String base = "http://127.0.0.1:" + port;
        try (ServedHub serving = ServedHub.start(env, dir, config, base, "it-every-command-serve")) {
            HttpResponse<String> queued = post(base + "/api/v1/syncs", "{\"dryRun\": false}");
            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
            String self = base + JSON.readTree(queued.body()).path("links").path("self").asText();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            String status = "queued";
            while ((status.equals("queued") || status.equals("running")) && System.nanoTime() < deadline) {
                Thread.sleep(250);
                status = JSON.readTree(get(self).body()).path("status").asText();
            }
            assertThat(status).as(serving.output()).isEqualTo("succeeded");
            String challenge = sandbox.challenges().issue(ChallengeRequest.builder(AUDIENCE, "device-served").platform("windows").build());
            HttpResponse<String> verified = post(base + "/api/v1/challenges/verify",
                    JSON.createObjectNode().put("token", challenge).toString());
            assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
            JsonNode decision = JSON.readTree(verified.body());
            assertThat(decision.toString()).contains("accepted");
            assertThat(serving.output()).doesNotContain(TOKEN).doesNotContain(sandbox.options().clientSecret());
        }
        ran.add("serve");
    }

    private HubCli.Run expect(int exitCode, String... args) {
        HubCli.Run run = cli.run(args);
        assertThat(run.exitCode()).as(String.join(" ", args) + ":\n" + run.all()).isEqualTo(exitCode);
        ran.add(args[0]);
        return run;
    }

    /** The command names of {@code --help}'s "Commands:" list. */
    private static Set<String> commands(String help) {
        Set<String> names = new LinkedHashSet<>();
        boolean inList = false;
        for (String line : help.lines().toList()) {
            if (line.startsWith("Commands:")) {
                inList = true;
            } else if (inList && line.matches("^  [a-z][a-z-]*\\b.*")) {
                names.add(line.trim().split("\\s+")[0]);
            } else if (inList && !line.isBlank() && !line.startsWith(" ")) {
                inList = false;
            }
        }
        return names;
    }

    private Path writeConfig(Sandbox sandbox, int port) throws Exception {
        Path signerRoot = dir.resolve(SandboxConfigFile.SIGNER_ROOT_FILE);
        Files.createDirectories(signerRoot.getParent());
        Files.writeString(signerRoot, sandbox.challenges().signerRootPem());
        Path config = dir.resolve("scephub.yaml");
        Files.writeString(config, SandboxConfig.header(sandbox) + """
                  - name: windows-intune
                    platform: windows
                    mdm: intune
                    challenge: delegated
                    ca: okta
                    certificate:
                      validity: 1y
                    groups:
                      include: [ "ODA Windows Pilot" ]
                    renewal:
                      redistributeBeforeExpiry: 30d
                """ + ServedHub.servedSections(port, TOKEN) + SandboxConfigFile.withEnvironment(sandbox).challengeSigners(AUDIENCE, "windows-intune", false));
        return config;
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
