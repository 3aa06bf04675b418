package io.scephub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkspaceOneSimulatorTest {
    @AutoClose
    private static Sandbox sandbox;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        sandbox = TestSandbox.running(SandboxOptions.builder()
                .workspaceOne(WorkspaceOneOptions.defaults().withRateLimitPerMinute(40)).build());
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
    void deviceSearchPagesALargeFleetWithEveryDeviceExactlyOnce() {
        sandbox.workspaceOne().addDevices("bulk", 1_203, List.of("ODA Windows WS1"));
        String token = token();
        java.util.Set<Long> ids = new java.util.HashSet<>();
        int page = 0;
        int total = -1;
        while (true) {
            assertThat(page).as("the pages end").isLessThan(4);
            HttpResponse<String> response = get("/API/mdm/devices/search?page=" + page + "&pagesize=500", token, 1);
            if (response.statusCode() == 204) {
                break;
            }
            JsonNode body = json(response);
            total = body.get("Total").asInt();
            body.get("Devices").forEach(d -> assertThat(ids.add(d.get("Id").get("Value").asLong())).as("seen once").isTrue());
            page++;
        }
        assertThat(total).isEqualTo(1_205);
        assertThat(ids).hasSize(1_205);
        assertThat(page).isEqualTo(3);
        assertThat(sandbox.workspaceOne().deviceCount()).isEqualTo(1_205);
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

    private static final String SCEP_PROFILE = """
            {"General":{"Name":"p","Description":"d","AssignmentType":"Auto","ManagedLocationGroupID":570,"IsActive":true,
             "ProfileContext":"Device","AllowRemoval":"Never","AssignedSmartGroups":[{"SmartGroupId":41,"Name":"ODA Windows WS1"}],
             "ExcludedSmartGroups":[]},
             "Scep":{"certificateSource":"DefinedCertificateAuthority","certificateAuthorityId":12,"certificateTemplateId":31,
             "scepKeyLocation":"TPMIfPresent","storeLocation":"Machine"}}""";

    @Test
    void profilesNeedVersionTwoAnswer201WithTheBareIdAndKeepTheScepPayload() {
        String token = token();
        HttpResponse<String> v1 = call("POST", "/API/mdm/profiles/platforms/winrt/create", SCEP_PROFILE, token,
                WorkspaceOneOptions.DEFAULT_API_KEY, 1);
        assertThat(v1.statusCode()).isEqualTo(400);
        assertThat(v1.body()).contains("version=2");

        HttpResponse<String> created = call("POST", "/API/mdm/profiles/platforms/winrt/create", SCEP_PROFILE, token,
                WorkspaceOneOptions.DEFAULT_API_KEY, 2);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = Long.parseLong(created.body().trim());
        JsonNode read = json(get("/API/mdm/profiles/" + id, token, 2));
        assertThat(read.path("General").path("ProfileId").asLong()).isEqualTo(id);
        assertThat(read.path("General").path("AllowRemoval").asText()).isEqualTo("Never");
        assertThat(read.path("General").has("CreateNewVersion")).isFalse();
        assertThat(read.path("Scep").path("certificateTemplateId").asLong()).isEqualTo(31);

        JsonNode devices = json(get("/API/mdm/devices/profiles?searchBy=Serialnumber&id=" + WorkspaceOneSimulator.BROKEN_SERIAL, token, 1));
        assertThat(devices.path("DeviceProfiles")).anySatisfy(p -> {
            assertThat(p.path("Id").path("Value").asLong()).isEqualTo(id);
            assertThat(p.path("Status").asInt()).isEqualTo(WorkspaceOneSimulator.STATUS_ERROR);
        });
    }

    @Test
    void aTemplateOfAnotherAuthorityIsRefused() {
        String body = SCEP_PROFILE.replace("\"certificateTemplateId\":31", "\"certificateTemplateId\":32");
        HttpResponse<String> response = call("POST", "/API/mdm/profiles/platforms/winrt/create", body, token(),
                WorkspaceOneOptions.DEFAULT_API_KEY, 2);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("message").asText()).contains("certificateTemplateId 32");
    }

    @Test
    void payloadsOfTheWrongJsonTypeAreRefusedAsUemsModelBindingRefusesThem() {
        String token = token();
        String credentialsArray = SCEP_PROFILE.replace("\"Scep\":{", "\"Credentials\":[{").replace("\"storeLocation\":\"Machine\"}}",
                "\"storeLocation\":\"Machine\"}]}");
        HttpResponse<String> array = call("POST", "/API/mdm/profiles/platforms/winrt/create", credentialsArray, token,
                WorkspaceOneOptions.DEFAULT_API_KEY, 2);
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(json(array).path("errorCode").asInt()).isEqualTo(400);
        assertThat(json(array).path("message").asText()).contains("WindowsDesktopCredentialsPayloadEntityV2").contains("JSON object");
        assertThat(json(array).path("activityId").asText()).isNotBlank();

        HttpResponse<String> booleanRemoval = call("POST", "/API/mdm/profiles/platforms/winrt/create",
                SCEP_PROFILE.replace("\"AllowRemoval\":\"Never\"", "\"AllowRemoval\":false"), token, WorkspaceOneOptions.DEFAULT_API_KEY, 2);
        assertThat(booleanRemoval.statusCode()).isEqualTo(400);
        assertThat(json(booleanRemoval).path("message").asText()).contains("General.AllowRemoval");

        HttpResponse<String> scepArray = call("POST", "/API/mdm/profiles/platforms/winrt/create",
                SCEP_PROFILE.replace("\"Scep\":{", "\"Scep\":[{").replace("\"storeLocation\":\"Machine\"}}", "\"storeLocation\":\"Machine\"}]}"),
                token, WorkspaceOneOptions.DEFAULT_API_KEY, 2);
        assertThat(scepArray.statusCode()).isEqualTo(400);
        assertThat(json(scepArray).path("message").asText()).contains("WindowsDesktopScepPayloadEntityV2");
        assertThat(sandbox.workspaceOne().profiles()).hasSize(1);
    }

    @Test
    void anUpdateWithoutGeneralCreateNewVersionKeepsOnlyTheAssignmentsAndAnswers204() {
        String token = token();
        long id = Long.parseLong(call("POST", "/API/mdm/profiles/platforms/winrt/create", SCEP_PROFILE, token,
                WorkspaceOneOptions.DEFAULT_API_KEY, 2).body().trim());
        String changed = SCEP_PROFILE.replace("\"General\":{", "\"General\":{\"ProfileId\":" + id + ",")
                .replace("\"Description\":\"d\"", "\"Description\":\"changed\"")
                .replace("\"ExcludedSmartGroups\":[]", "\"ExcludedSmartGroups\":[{\"SmartGroupId\":43,\"Name\":\"Kiosks WS1\"}]");

        // CreateNewVersion at the top level is not a member of the model: ignored, so only the assignments change.
        HttpResponse<String> outside = call("PUT", "/API/mdm/profiles/platforms/winrt/update",
                changed.replaceFirst("^\\{", "{\"CreateNewVersion\":true,"), token, WorkspaceOneOptions.DEFAULT_API_KEY, 2);
        assertThat(outside.statusCode()).as(outside.body()).isEqualTo(204);
        assertThat(outside.body()).isEmpty();
        JsonNode kept = json(get("/API/mdm/profiles/" + id, token, 2));
        assertThat(kept.path("General").path("Description").asText()).isEqualTo("d");
        assertThat(kept.path("General").path("Version").asInt()).isEqualTo(1);
        assertThat(kept.path("General").path("ExcludedSmartGroups")).extracting(g -> g.path("SmartGroupId").asLong()).containsExactly(43L);

        HttpResponse<String> inside = call("PUT", "/API/mdm/profiles/platforms/winrt/update",
                changed.replace("\"General\":{", "\"General\":{\"CreateNewVersion\":true,"), token, WorkspaceOneOptions.DEFAULT_API_KEY, 2);
        assertThat(inside.statusCode()).isEqualTo(204);
        JsonNode updated = json(get("/API/mdm/profiles/" + id, token, 2));
        assertThat(updated.path("General").path("Description").asText()).isEqualTo("changed");
        assertThat(updated.path("General").path("Version").asInt()).isEqualTo(2);

        assertThat(call("POST", "/API/mdm/profiles/platforms/winrt/update", changed, token, WorkspaceOneOptions.DEFAULT_API_KEY, 2)
                .statusCode()).isEqualTo(405);
    }

    @Test
    void aGoneProfileIs400InvalidProfileAndASecondDeleteIs400NotFound() {
        String token = token();
        long id = Long.parseLong(call("POST", "/API/mdm/profiles/platforms/winrt/create", SCEP_PROFILE, token,
                WorkspaceOneOptions.DEFAULT_API_KEY, 2).body().trim());
        HttpResponse<String> deleted = call("DELETE", "/API/mdm/profiles/" + id, null, token, WorkspaceOneOptions.DEFAULT_API_KEY, 1);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).isEmpty();

        HttpResponse<String> again = call("DELETE", "/API/mdm/profiles/" + id, null, token, WorkspaceOneOptions.DEFAULT_API_KEY, 1);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(json(again).path("message").asText()).isEqualTo("Profile not found or User does not have access to the Profile.");
        HttpResponse<String> read = get("/API/mdm/profiles/" + id, token, 2);
        assertThat(read.statusCode()).isEqualTo(400);
        assertThat(json(read).path("errorCode").asInt()).isEqualTo(400);
        assertThat(json(read).path("message").asText()).isEqualTo("Invalid Profile " + id + ".");
    }

    @Test
    void theProfileSearchAnswersTheV1AndV2ShapesAnd204WhenEmpty() {
        String token = token();
        JsonNode v1 = json(get("/API/mdm/profiles/search?organizationgroupid=570&platform=WinRT&page=0&pagesize=500", token, 1));
        assertThat(v1.path("Profiles")).singleElement().satisfies(p -> {
            assertThat(p.path("Id").path("Value").asLong()).isEqualTo(2001);
            assertThat(p.path("ProfileName").asText()).isEqualTo("Corp Wi-Fi");
            assertThat(p.has("ProfileId")).isFalse();
        });
        assertThat(v1.path("Total").asInt()).isEqualTo(1);
        assertThat(v1.has("ProfileList")).isFalse();
        JsonNode v2 = json(get("/API/mdm/profiles/search?organizationgroupid=570", token, 2));
        assertThat(v2.path("ProfileList")).singleElement().satisfies(p -> assertThat(p.path("ProfileId").asLong()).isEqualTo(2001));
        assertThat(v2.path("TotalResults").asInt()).isEqualTo(1);
        assertThat(get("/API/mdm/profiles/search?organizationgroupid=571", token, 1).statusCode()).isEqualTo(204);
    }

    @Test
    void picklistsAnswerKeyAndDescriptionAndCanBeNested() {
        String token = token();
        JsonNode flat = json(get("/API/mdm/picklists/organizationgroups/570/certificateauthorities", token, 1));
        assertThat(flat).extracting(i -> i.path("Key").asText() + "=" + i.path("Description").asText())
                .containsExactly("12=Okta ODA SCEP", "13=Internal ADCS");
        assertThat(flat.get(0).path("Key").isTextual()).isTrue();

        sandbox.workspaceOne().nestPicklists(true);
        JsonNode nested = json(get("/API/mdm/picklists/organizationgroups/570/certificateauthorities/12/certificatetemplates", token, 1));
        assertThat(nested).singleElement().satisfies(inner -> assertThat(inner).singleElement()
                .satisfies(i -> assertThat(i.path("Description").asText()).isEqualTo("ODA Device")));
    }

    @Test
    void overThePerMinuteLimitAnswers429WithRetryAfter() {
        String token = token();
        HttpResponse<String> last = null;
        int ok = 0;
        for (int i = 0; i < 45; i++) {
            last = get("/API/system/groups/search?groupid=Corp", token, 1);
            ok += last.statusCode() == 200 ? 1 : 0;
        }
        // 40 per minute; the count can start over once if the clock minute turns during the loop.
        assertThat(ok).isBetween(40, 44);
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(json(last).path("errorCode").asInt()).isEqualTo(429);
        assertThat(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
    }

    @Test
    void overTheDailyQuotaAnswers429UntilMidnight() {
        try (Sandbox daily = TestSandbox.running(SandboxOptions.builder()
                .workspaceOne(WorkspaceOneOptions.defaults().withRateLimits(0, 5)).build())) {
            String token = json(send(HttpRequest.newBuilder(URI.create(daily.workspaceOneTokenUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id="
                            + WorkspaceOneOptions.DEFAULT_CLIENT_ID + "&client_secret=" + WorkspaceOneOptions.DEFAULT_CLIENT_SECRET))))
                    .path("access_token").asText();
            int ok = 0;
            HttpResponse<String> last = null;
            for (int i = 0; i < 7; i++) {
                last = send(HttpRequest.newBuilder(URI.create(daily.workspaceOneBaseUrl() + "/API/system/groups/search?groupid=Corp"))
                        .header("Accept", "application/json;version=1").header("Authorization", "Bearer " + token)
                        .header("aw-tenant-code", WorkspaceOneOptions.DEFAULT_API_KEY).GET());
                ok += last.statusCode() == 200 ? 1 : 0;
            }
            assertThat(ok).isEqualTo(5);
            assertThat(last.statusCode()).isEqualTo(429);
            assertThat(json(last).path("message").asText()).contains("daily");
            assertThat(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 86_400L);
        }
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
