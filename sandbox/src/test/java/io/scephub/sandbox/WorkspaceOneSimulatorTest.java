package io.scephub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkspaceOneSimulatorTest {
    private static Sandbox sandbox;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.builder()
                .workspaceOne(WorkspaceOneOptions.defaults().withRateLimitPerMinute(40)).build());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
    }

    @Test
    void everyApiCallNeedsTheTenantCodeAndABearerToken() {
        String token = token();
        assertThat(call("GET", "/API/system/groups/search?groupid=Corp", null, token, null, 1).statusCode()).isEqualTo(401);
        HttpResponse<String> noBearer = call("GET", "/API/system/groups/search?groupid=Corp", null, null,
                WorkspaceOneOptions.DEFAULT_API_KEY, 1);
        assertThat(noBearer.statusCode()).isEqualTo(401);
        assertThat(json(noBearer).path("errorCode").asInt()).isEqualTo(1005);
        assertThat(json(noBearer).path("activityId").asText()).isNotBlank();
        assertThat(get("/API/system/groups/search?groupid=Corp", token, 1).statusCode()).isEqualTo(200);
    }

    @Test
    void tokenEndpointRefusesAWrongClientSecret() {
        HttpResponse<String> response = form("grant_type=client_credentials&client_id=" + WorkspaceOneOptions.DEFAULT_CLIENT_ID
                + "&client_secret=wrong");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("invalid_client");
    }

    @Test
    void smartGroupSearchMatchesPartiallyAndEmptySearchesAnswer204() {
        String token = token();
        JsonNode found = json(get("/API/mdm/smartgroups/search?name=ODA%20Windows%20WS1", token, 1));
        assertThat(found.path("SmartGroups")).extracting(g -> g.path("Name").asText())
                .containsExactly("ODA Windows WS1", "ODA Windows WS1 Pilot");
        assertThat(get("/API/mdm/smartgroups/search?name=nothing-like-this", token, 1).statusCode()).isEqualTo(204);
    }

    @Test
    void profilesNeedVersionTwoAndKeepTheCredentialsPayload() {
        String token = token();
        String body = """
                {"General":{"Name":"p","Description":"d","AssignmentType":"Auto","ManagedLocationGroupID":570,"IsActive":true,
                 "ProfileContext":"Device","AllowRemoval":false,"AssignedSmartGroups":[{"SmartGroupId":41,"Name":"ODA Windows WS1"}],
                 "ExcludedSmartGroups":[]},
                 "Credentials":[{"certificateSource":"DefinedCertificateAuthority","certificateAuthorityId":12,"certificateTemplateId":31,
                 "keyLocation":"TPMIfPresent","storeLocation":"Machine","certificateStore":"Personal"}]}""";
        HttpResponse<String> v1 = call("POST", "/API/mdm/profiles/platforms/winrt/create", body, token, WorkspaceOneOptions.DEFAULT_API_KEY, 1);
        assertThat(v1.statusCode()).isEqualTo(400);
        assertThat(v1.body()).contains("version=2");

        HttpResponse<String> created = call("POST", "/API/mdm/profiles/platforms/winrt/create", body, token, WorkspaceOneOptions.DEFAULT_API_KEY, 2);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        long id = Long.parseLong(created.body().trim());
        JsonNode read = json(get("/API/mdm/profiles/" + id, token, 2));
        assertThat(read.path("General").path("ProfileId").asLong()).isEqualTo(id);
        assertThat(read.path("Credentials").get(0).path("certificateTemplateId").asLong()).isEqualTo(31);

        JsonNode devices = json(get("/API/mdm/devices/profiles?searchBy=Serialnumber&id=" + WorkspaceOneSimulator.BROKEN_SERIAL, token, 1));
        assertThat(devices.path("DeviceProfiles")).anySatisfy(p -> {
            assertThat(p.path("Id").path("Value").asLong()).isEqualTo(id);
            assertThat(p.path("Status").asInt()).isEqualTo(WorkspaceOneSimulator.STATUS_ERROR);
        });
    }

    @Test
    void aTemplateOfAnotherAuthorityIsRefused() {
        String token = token();
        String body = """
                {"General":{"Name":"p","AssignmentType":"Auto","ManagedLocationGroupID":570,"ProfileContext":"Device"},
                 "Credentials":[{"certificateSource":"DefinedCertificateAuthority","certificateAuthorityId":12,"certificateTemplateId":32,
                 "keyLocation":"TPMIfPresent","storeLocation":"Machine","certificateStore":"Personal"}]}""";
        HttpResponse<String> response = call("POST", "/API/mdm/profiles/platforms/winrt/create", body, token,
                WorkspaceOneOptions.DEFAULT_API_KEY, 2);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("message").asText()).contains("certificateTemplateId 32");
    }

    @Test
    void overThePerMinuteLimitAnswers429() {
        String token = token();
        int last = 0;
        for (int i = 0; i < 45; i++) {
            last = get("/API/system/groups/search?groupid=Corp", token, 1).statusCode();
        }
        assertThat(last).isEqualTo(429);
    }

    private String token() {
        HttpResponse<String> response = form("grant_type=client_credentials&client_id=" + WorkspaceOneOptions.DEFAULT_CLIENT_ID
                + "&client_secret=" + WorkspaceOneOptions.DEFAULT_CLIENT_SECRET);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response).path("access_token").asText();
    }

    private HttpResponse<String> form(String body) {
        return send(HttpRequest.newBuilder(URI.create(sandbox.workspaceOneTokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> get(String path, String token, int version) {
        return call("GET", path, null, token, WorkspaceOneOptions.DEFAULT_API_KEY, version);
    }

    private HttpResponse<String> call(String method, String path, String body, String token, String apiKey, int version) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sandbox.workspaceOneBaseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "application/json;version=" + version).header("Content-Type", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (apiKey != null) {
            builder.header("aw-tenant-code", apiKey);
        }
        return send(builder);
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return client.send(builder.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return TestHttp.json(response);
    }
}
