package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.fixtures.Sandboxes;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tenants, each its own sandbox (its own Okta org and Intune tenant): one sync works on both at
 * once; one tenant's vendor being down fails only that tenant; promotion from a preview tenant to its
 * production tenant applies only what converged and validates in preview, and refuses otherwise.
 */
@ExtendWith(SandboxExtension.class)
class TenantsAgainstSandboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Sandbox preview;
    private Sandbox prod;
    private HubCli cli;

    @BeforeEach
    void startSandboxes(Sandboxes sandboxes) throws Exception {
        preview = sandboxes.start(SandboxOptions.defaults());
        prod = sandboxes.start(SandboxOptions.defaults());
        Map<String, String> env = new HashMap<>();
        env.put("PREVIEW_OKTA_API_TOKEN", preview.options().oktaApiToken());
        env.put("PREVIEW_GRAPH_CLIENT_SECRET", preview.options().clientSecret());
        env.put("PROD_OKTA_API_TOKEN", prod.options().oktaApiToken());
        env.put("PROD_GRAPH_CLIENT_SECRET", prod.options().clientSecret());
        cli = new HubCli(dir, env);
        Files.writeString(dir.resolve("scephub.yaml"), """
                version: 1
                templates:
                  - name: oda-windows
                    applyTo: { all: true }
                    enrollments:
                      - name: windows-intune
                        platform: windows
                        mdm: intune
                        challenge: delegated
                        groups:
                          include: [ "ODA Windows Pilot" ]
                  - name: oda-macs
                    applyTo: { tenants: [ preview, prod ] }
                    enrollments:
                      - name: macos-intune
                        platform: macos
                        mdm: intune
                        challenge: delegated
                        groups:
                          include: [ "ODA Macs" ]
                tenants:
                """ + tenant("prod", prod, "") + tenant("preview", preview, "    preview-of: prod\n"));
    }

    @Test
    void oneSyncConvergesBothTenantsAndEachHasItsOwnObjects() {
        HubCli.Run sync = cli.run("sync");
        assertThat(sync.exitCode()).as(sync.all()).isZero();
        assertThat(sync.out()).contains("== tenant prod").contains("== tenant preview").contains("tenants: prod ok (0), preview ok (0)");
        assertThat(owned(prod)).hasSize(4);
        assertThat(owned(preview)).hasSize(4);

        HubCli.Run plan = cli.run("plan", "--tenant", "prod,preview");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        HubCli.Run one = cli.run("plan", "--tenant", "preview", "--output", "json");
        assertThat(one.exitCode()).as(one.all()).isZero();
        assertThat(one.out()).doesNotContain("== tenant");
    }

    @Test
    void oneTenantsVendorDownFailsOnlyThatTenant() throws Exception {
        prod.close();

        HubCli.Run sync = cli.run("sync", "--output", "json");

        assertThat(sync.exitCode()).as(sync.all()).isEqualTo(1);
        JsonNode report = JSON.readTree(sync.out());
        assertThat(report.path("tenants")).extracting(t -> t.path("tenant").asText(), t -> t.path("exitCode").asInt())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("prod", 1), org.assertj.core.groups.Tuple.tuple("preview", 0));
        assertThat(report.at("/tenants/1/result/status").asText()).isEqualTo("succeeded");
        assertThat(report.at("/tenants/0/result/status").asText()).isEqualTo("failed");
        assertThat(owned(preview)).hasSize(4);
        assertThat(cli.run("plan", "--tenant", "preview").exitCode()).isZero();
        assertThat(sync.all()).doesNotContain(preview.options().oktaApiToken()).doesNotContain(prod.options().oktaApiToken())
                .doesNotContain(preview.options().clientSecret());
    }

    @Test
    void promotionRefusesUntilPreviewConvergedAndValidatesThenAppliesOnlyThoseTemplates() throws Exception {
        HubCli.Run early = cli.run("promote", "--from", "preview", "--to", "prod", "--auto-approve");
        assertThat(early.exitCode()).as(early.all()).isEqualTo(3);
        assertThat(early.out()).contains("template oda-windows: REFUSED").contains("windows-intune was never synced in preview");
        assertThat(owned(prod)).isEmpty();

        // The first sync applies (its plan had changes); the second finds nothing to do: converged.
        assertThat(cli.run("sync", "--tenant", "preview").exitCode()).isZero();
        assertThat(cli.run("sync", "--tenant", "preview").exitCode()).isZero();
        String macProfile = preview.graph().deviceConfigurations().stream()
                .filter(p -> p.path("description").asText().contains("[scephub:intune.scep-profile/macos-intune]"))
                .findFirst().orElseThrow().path("id").asText();
        patchScepUrl(preview, macProfile, "https://scep.attacker.example/scep");

        HubCli.Run partly = cli.run("promote", "--from", "preview", "--to", "prod", "--auto-approve", "--output", "json");

        assertThat(partly.exitCode()).as(partly.all()).isEqualTo(3);
        JsonNode report = JSON.readTree(partly.out());
        assertThat(report.path("templates")).extracting(t -> t.path("template").asText(), t -> t.path("promoted").asBoolean())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("oda-windows", true),
                        org.assertj.core.groups.Tuple.tuple("oda-macs", false));
        assertThat(report.at("/templates/1/reasons/0").asText()).contains("validate --online failed in preview")
                .contains("macos-intune").contains("scep.attacker.example");
        List<JsonNode> prodOwned = owned(prod);
        assertThat(prodOwned).extracting(p -> p.path("description").asText()).noneMatch(d -> d.contains("macos-intune"))
                .hasSize(2);
        assertThat(cli.run("plan", "--tenant", "prod").exitCode()).as("macos-intune is still to be created in prod").isEqualTo(2);
    }

    private static String tenant(String name, Sandbox sandbox, String extra) {
        String upper = name.toUpperCase();
        return """
                  - name: %s
                %s    okta:
                      orgUrl: %s
                      auth:
                        apiToken: ${env:%s_OKTA_API_TOKEN}
                      http:
                        maxAttempts: 1
                    mdm:
                      intune:
                        tenantId: %s
                        clientId: %s
                        clientSecret: ${env:%s_GRAPH_CLIENT_SECRET}
                        graphBaseUrl: %s
                        authorityHost: %s
                        http:
                          maxAttempts: 1
                """.formatted(name, extra, sandbox.oktaBaseUrl(), upper, sandbox.options().tenantId(), sandbox.options().clientId(),
                upper, sandbox.graphBaseUrl(), sandbox.authorityHost());
    }

    private static List<JsonNode> owned(Sandbox sandbox) {
        return sandbox.graph().deviceConfigurations().stream().filter(p -> p.path("description").asText().contains("[scephub:")).toList();
    }

    private static void patchScepUrl(Sandbox sandbox, String profileId, String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.graphBaseUrl() + "/deviceManagement/deviceConfigurations/" + profileId))
                .header("Authorization", "Bearer " + sandbox.graph().issueAccessToken())
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(
                        "{\"@odata.type\":\"#microsoft.graph.macOSScepCertificateProfile\",\"scepServerUrls\":[\"" + url + "\"]}"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
