package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.sandbox.Sandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * Two tenants, prod and preview, each its own sandbox (its own Okta org and Intune tenant): their
 * {@code tenants:} entries in scephub.yaml, the environment their secrets come from, and what a test
 * reads back from each Intune tenant.
 */
record TwoTenants(Sandbox prod, Sandbox preview) {
    static final String WINDOWS_PROFILE = "#microsoft.graph.windows81SCEPCertificateProfile";
    static final String MACOS_PROFILE = "#microsoft.graph.macOSScepCertificateProfile";

    /** The {@code templates:} section every two-tenant test starts from: the Windows enrollment on Intune, for all tenants. */
    static final String WINDOWS_TEMPLATE = """
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
            """;

    /** The secrets both tenant entries read: {@code PROD_OKTA_API_TOKEN}, {@code PREVIEW_GRAPH_CLIENT_SECRET}, ... */
    Map<String, String> env() {
        return Map.of("PROD_OKTA_API_TOKEN", prod.options().oktaApiToken(), "PROD_GRAPH_CLIENT_SECRET", prod.options().clientSecret(),
                "PREVIEW_OKTA_API_TOKEN", preview.options().oktaApiToken(), "PREVIEW_GRAPH_CLIENT_SECRET", preview.options().clientSecret());
    }

    /** The {@code tenants:} entry of {@code name} (prod or preview) on its sandbox. */
    String entry(String name) {
        return entry(name, "", false);
    }

    /**
     * The entry with {@code extra} lines after its name (e.g. {@code "    preview-of: prod\n"}); {@code oneAttempt}: every
     * vendor call is tried once, so a vendor that is down fails the tenant at once.
     */
    String entry(String name, String extra, boolean oneAttempt) {
        Sandbox sandbox = name.equals("prod") ? prod : preview;
        String upper = name.toUpperCase();
        String oktaHttp = oneAttempt ? "      http:\n        maxAttempts: 1\n" : "";
        String graphHttp = oneAttempt ? "        http:\n          maxAttempts: 1\n" : "";
        return """
                  - name: %s
                %s    okta:
                      orgUrl: %s
                      auth:
                        apiToken: ${env:%s_OKTA_API_TOKEN}
                %s    mdm:
                      intune:
                        tenantId: %s
                        clientId: %s
                        clientSecret: ${env:%s_GRAPH_CLIENT_SECRET}
                        graphBaseUrl: %s
                        authorityHost: %s
                %s""".formatted(name, extra, sandbox.oktaBaseUrl(), upper, oktaHttp, sandbox.options().tenantId(),
                sandbox.options().clientId(), upper, sandbox.graphBaseUrl(), sandbox.authorityHost(), graphHttp);
    }

    /** The Intune profiles scephub made in {@code sandbox} (their descriptions carry its marker). */
    static List<JsonNode> owned(Sandbox sandbox) {
        return sandbox.graph().deviceConfigurations().stream().filter(p -> p.path("description").asText().contains("[scephub:")).toList();
    }

    /** Changes a SCEP profile's server URL behind scephub's back, as an admin in the Intune portal would. */
    static void patchScepUrl(Sandbox sandbox, String odataType, String profileId, String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.graphBaseUrl() + "/deviceManagement/deviceConfigurations/" + profileId))
                .header("Authorization", "Bearer " + sandbox.graph().issueAccessToken())
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(
                        "{\"@odata.type\":\"" + odataType + "\",\"scepServerUrls\":[\"" + url + "\"]}"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
