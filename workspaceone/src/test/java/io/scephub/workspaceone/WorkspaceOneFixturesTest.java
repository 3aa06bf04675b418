package io.scephub.workspaceone;

import io.scephub.core.spi.ReadRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.core.error.VendorError;
import io.scephub.core.http.ResilientVendorHttp;
import io.scephub.core.http.VendorHttp;
import io.scephub.core.model.CaSpec;
import io.scephub.core.model.CertificateSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.GroupScope;
import io.scephub.core.model.KeyUsage;
import io.scephub.core.model.Platform;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.resource.OwnershipMarker;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.spi.ConnectorContext;
import io.scephub.workspaceone.UemFixtureServer.Received;
import io.scephub.workspaceone.WorkspaceOnePayloads.ReadProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connector against Omnissa's published UEM fixtures (src/test/resources/uem/README.md): every
 * request body it sends must fit the generated v2 model, and it must make the right thing of every
 * captured answer — the v1 search's {@code Id.Value}, 201 with a bare id, PUT answered without a
 * body (200 and 204), a gone profile's 400s, and picklists flat or nested.
 */
class WorkspaceOneFixturesTest {
    private static final String SCEP_URL = "https://example.okta.com/pki/abc/scep/rac123";
    /** The organization group of groups_get_search.json whose GroupId is "mocktest". */
    private static final long OG_ID = 12347;
    private static final JsonNode MODEL = model();

    private UemFixtureServer uem;
    private WorkspaceOneConnector connector;
    /** The desired state last expanded: what the engine would ask the next read for. */
    private DesiredState expanded;
    private static final String MARKED_PROFILES = "/API/mdm/profiles/(68912|68990)";

    @BeforeEach
    void start() {
        state(List.of("Test Manateewill"), List.of());
        uem = new UemFixtureServer()
                .route("POST", "/connect/token", "oauth2_token_success.json")
                .route("GET", "/API/system/groups/search", "groups_get_search.json")
                .route("GET", "/API/mdm/profiles/search", "search_android_success.json")
                .route("GET", "/API/mdm/profiles/\\d+", "profiles_winrt_get_after_create.json")
                .route("GET", "/API/mdm/smartgroups/search", "smartgroups_get_search.json")
                .route("GET", "/API/mdm/picklists/organizationgroups/" + OG_ID + "/certificateauthorities", "picklist_certificateauthorities.json")
                .route("GET", "/API/mdm/picklists/organizationgroups/" + OG_ID + "/certificateauthorities/12/certificatetemplates",
                        "picklist_certificatetemplates.json")
                .route("POST", "/API/mdm/profiles/platforms/winrt/create", "profiles_winrt_create.json")
                .route("PUT", "/API/mdm/profiles/platforms/winrt/update", "profiles_winrt_update.json")
                .route("DELETE", "/API/mdm/profiles/\\d+", "profiles_winrt_delete.json")
                // The profiles the create and delete fixtures name, as scephub wrote them: with the marker a read-back
                // (and a check before a delete) must find.
                .route("GET", MARKED_PROFILES, "profiles_winrt_get_after_create.json", body -> {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) body.path("General")).put("Description",
                            body.path("General").path("Description").asText() + "\n" + OwnershipMarker.of(desired().key()));
                    return body;
                });
        connector = (WorkspaceOneConnector) new WorkspaceOneConnectorProvider().open(new ConnectorSettings("workspaceone",
                "mdm.workspaceone", Map.of("url", uem.baseUrl(), "tokenUrl", uem.baseUrl() + "/connect/token",
                "clientId", new SecretRef(SecretRef.Source.ENV, "ID"), "clientSecret", new SecretRef(SecretRef.Source.ENV, "SECRET"),
                "apiKey", new SecretRef(SecretRef.Source.ENV, "KEY"), "organizationGroup", "mocktest")), new Context());
    }

    @AfterEach
    void stop() {
        uem.close();
    }

    @Test
    void readFindsTheProfilesOfTheV1SearchByIdValueAndReadsEachInVersion2() {
        ReadResult read = read();

        assertThat(read.resources()).isEmpty();
        Received search = uem.received("GET", "/API/mdm/profiles/search").get(0);
        assertThat(search.accept()).isEqualTo(request("search_android_success.json").path("Accept").asText());
        assertThat(search.query()).contains("organizationgroupid=" + OG_ID).contains("pagesize=500").contains("platform=WinRT");
        assertThat(uem.received("GET", "/API/mdm/profiles/\\d+")).extracting(Received::path)
                .containsExactly("/API/mdm/profiles/12346", "/API/mdm/profiles/12348");
        assertThat(uem.received("GET", "/API/mdm/profiles/\\d+")).allSatisfy(r -> assertThat(r.accept())
                .isEqualTo(request("profiles_winrt_get_after_create.json").path("Accept").asText()));
    }

    @Test
    void theV2SearchShapeIsReadToo() {
        uem.route("GET", "/API/mdm/profiles/search", "profiles_search_v2.json");

        read();

        assertThat(uem.received("GET", "/API/mdm/profiles/\\d+")).extracting(Received::path)
                .containsExactly("/API/mdm/profiles/12348", "/API/mdm/profiles/12350", "/API/mdm/profiles/12352");
    }

    @Test
    void theCapturedProfileIsReadFieldByField() {
        ReadProfile profile = new WorkspaceOnePayloads(UemFixtureServer.JSON)
                .read(UemFixtureServer.fixture("profiles_winrt_get_after_create.json").path("response").path("body"));

        assertThat(profile.id()).isEqualTo(12347);
        assertThat(profile.name()).isEqualTo("Test Crowdwill");
        assertThat(profile.description()).isEqualTo("Otherwise, keep the day simple.");
        assertThat(profile.organizationGroupId()).isEqualTo(12346);
        assertThat(profile.active()).isTrue();
        assertThat(profile.assigned()).isEmpty();
        assertThat(profile.scep()).isEmpty();
    }

    @Test
    void createSendsABodyTheModelAcceptsAndTakesTheBareIdOfThe201() {
        expanded = state(List.of("Test Manateewill"), List.of("Test Troopcry"));
        assertThat(read().problems()).isEmpty();

        ActualResource created = connector.create(desired());

        Received post = uem.received("POST", "/API/mdm/profiles/platforms/winrt/create").get(0);
        assertThat(post.accept()).isEqualTo(request("profiles_winrt_create.json").path("Accept").asText());
        JsonNode body = post.json();
        assertThat(violations(body, "WinRTDeviceProfileV2Entity")).isEmpty();
        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("General", "Scep");
        assertThat(body.path("General").has("CreateNewVersion")).isFalse();
        assertThat(body.path("General").has("ProfileId")).isFalse();
        assertThat(body.path("General").path("AssignedSmartGroups")).singleElement().satisfies(g -> {
            assertThat(g.path("SmartGroupId").asLong()).isEqualTo(12347);
            assertThat(g.path("Name").asText()).isEqualTo("Test Manateewill");
        });
        assertThat(body.path("General").path("ExcludedSmartGroups")).extracting(g -> g.path("SmartGroupId").asLong()).containsExactly(12349L);
        assertThat(body.path("General").path("ManagedLocationGroupID").asLong()).isEqualTo(OG_ID);
        assertThat(body.path("Scep").path("certificateAuthorityId").asLong()).isEqualTo(12);
        assertThat(body.path("Scep").path("certificateTemplateId").asLong()).isEqualTo(31);
        // The id of the 201 is the one read back.
        assertThat(uem.received("GET", "/API/mdm/profiles/68912")).hasSize(1);
        assertThat(created.attributes().get("name")).isEqualTo("Test Crowdwill");
    }

    @Test
    void updateSendsCreateNewVersionInsideGeneralAndTakesBoth200And204WithoutABody() {
        expanded = state(List.of("Test Manateewill"), List.of());
        read();
        ActualResource existing = new ActualResource(desired().key(), "workspaceone", "68912", Map.of(), Map.of("id", "68912"), Set.of());
        List<AttributeChange> changes = List.of(new AttributeChange("assignedSmartGroups", Optional.empty(), Optional.of(List.of())));

        connector.update(desired(), existing, changes);
        uem.route("PUT", "/API/mdm/profiles/platforms/winrt/update", "update_profile_success.json");
        connector.update(desired(), existing, changes);

        List<Received> puts = uem.received("PUT", "/API/mdm/profiles/platforms/winrt/update");
        assertThat(puts).hasSize(2).allSatisfy(put -> {
            assertThat(put.accept()).isEqualTo(request("profiles_winrt_update.json").path("Accept").asText());
            JsonNode body = put.json();
            assertThat(violations(body, "WinRTDeviceProfileV2Entity")).isEmpty();
            assertThat(body.has("CreateNewVersion")).isFalse();
            assertThat(body.path("General").path("CreateNewVersion").isBoolean()).isTrue();
            assertThat(body.path("General").path("CreateNewVersion").asBoolean()).isTrue();
            assertThat(body.path("General").path("ProfileId").asLong()).isEqualTo(68912);
            assertThat(body.path("General").path("AllowRemoval").isTextual()).isTrue();
        });
    }

    @Test
    void nestedPicklistsAreFlattened() {
        uem.route("GET", "/API/mdm/picklists/organizationgroups/" + OG_ID + "/certificateauthorities",
                "picklist_certificateauthorities_nested.json");
        expanded = state(List.of("Test Manateewill"), List.of());
        read();

        connector.create(desired());

        JsonNode scep = uem.received("POST", "/API/mdm/profiles/platforms/winrt/create").get(0).json().path("Scep");
        assertThat(scep.path("certificateAuthorityId").asLong()).isEqualTo(12);
        assertThat(scep.path("certificateTemplateId").asLong()).isEqualTo(31);
    }

    @Test
    void aPicklistOfAnotherShapeIsAnErrorNotAMissingAuthority() {
        uem.route("GET", "/API/mdm/picklists/organizationgroups/" + OG_ID + "/certificateauthorities", "smartgroups_get_search.json");
        expanded = state(List.of("Test Manateewill"), List.of());

        assertThatThrownBy(this::read).isInstanceOf(VendorError.class).hasMessageContaining("{\"Key\",\"Description\"}");
    }

    @Test
    void theGoneAnswersOfUemMeanGone() {
        connector.delete(existing("68912"));
        assertThat(uem.received("DELETE", "/API/mdm/profiles/68912")).singleElement()
                .satisfies(r -> assertThat(r.accept()).isEqualTo("application/json;version=1"));

        uem.route("DELETE", "/API/mdm/profiles/\\d+", "profiles_delete_not_found.json");
        connector.delete(existing("68990"));

        // A profile deleted between the search and its GET is left out, not an error.
        uem.route("GET", "/API/mdm/profiles/\\d+", "profiles_get_not_found.json");
        uem.route("GET", MARKED_PROFILES, "profiles_get_not_found.json");
        assertThat(read().resources()).isEmpty();

        expanded = state(List.of("Test Manateewill"), List.of());
        read();
        assertThatThrownBy(() -> connector.create(desired())).isInstanceOf(VendorError.class)
                .hasMessageContaining("profile 68912 was written but cannot be read back");
    }

    @Test
    void anyOther400OnAProfileReadIsAnErrorNotGone() {
        uem.route("GET", "/API/mdm/profiles/\\d+", "profiles_delete_not_found.json");

        assertThatThrownBy(this::read).isInstanceOf(VendorError.class)
                .hasMessageContaining("Profile not found or User does not have access to the Profile.")
                .satisfies(e -> assertThat(((VendorError) e).status()).isEqualTo(400));
    }

    @Test
    void smartGroupsAreMatchedExactlyAgainstTheCapturedSearch() {
        expanded = state(List.of("Test Manatee", "Test Houndcould"), List.of());

        ReadResult read = read();

        assertThat(read.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("groups.include[0]");
            assertThat(p.message()).contains("\"Test Manatee\" not found").contains("\"Test Manateewill\"");
        });
        assertThat(uem.received("GET", "/API/mdm/smartgroups/search")).singleElement()
                .satisfies(r -> assertThat(r.accept()).isEqualTo(request("smartgroups_get_search.json").path("Accept").asText()));
    }

    // ----- the model check --------------------------------------------------------------------------

    /** Every member of {@code value} that the model of {@code struct} lacks, or whose JSON type differs. */
    static List<String> violations(JsonNode value, String struct) {
        List<String> out = new ArrayList<>();
        check(value, struct, struct, out);
        return out;
    }

    private static void check(JsonNode value, String struct, String at, List<String> out) {
        JsonNode members = MODEL.path("structs").path(struct);
        if (members.isMissingNode()) {
            out.add(at + ": the test model has no struct " + struct);
            return;
        }
        if (!value.isObject()) {
            out.add(at + ": expected a JSON object (" + struct + "), got " + value.getNodeType());
            return;
        }
        value.fields().forEachRemaining(member -> {
            JsonNode type = members.path(member.getKey());
            String where = at + "." + member.getKey();
            if (type.isMissingNode()) {
                out.add(where + ": not a member of " + struct);
                return;
            }
            checkType(member.getValue(), type, where, out);
        });
    }

    private static void checkType(JsonNode value, JsonNode type, String where, List<String> out) {
        switch (type.path("type").asText()) {
            case "string" -> expect(value.isTextual(), where, "a string", value, out);
            case "integer" -> expect(value.isIntegralNumber(), where, "an integer", value, out);
            case "boolean" -> expect(value.isBoolean(), where, "a boolean", value, out);
            case "object" -> check(value, type.path("ref").asText(), where, out);
            case "array" -> {
                if (!value.isArray()) {
                    out.add(where + ": expected an array, got " + value.getNodeType());
                    return;
                }
                String items = type.path("items").asText();
                for (int i = 0; i < value.size(); i++) {
                    checkType(value.get(i), MODEL.path("structs").has(items) ? UemFixtureServer.JSON.createObjectNode().put("type", "object")
                            .put("ref", items) : UemFixtureServer.JSON.createObjectNode().put("type", items), where + "[" + i + "]", out);
                }
            }
            default -> out.add(where + ": unknown model type " + type);
        }
    }

    private static void expect(boolean ok, String where, String expected, JsonNode value, List<String> out) {
        if (!ok) {
            out.add(where + ": expected " + expected + ", got " + value);
        }
    }

    @Test
    void theModelCheckCatchesTheShapesUemRejects() {
        JsonNode wrong = UemFixtureServer.JSON.valueToTree(Map.of(
                "General", Map.of("Name", "p", "AllowRemoval", false),
                "Credentials", List.of(Map.of("certificateSource", "DefinedCertificateAuthority")),
                "CreateNewVersion", true));

        assertThat(violations(wrong, "WinRTDeviceProfileV2Entity")).containsExactlyInAnyOrder(
                "WinRTDeviceProfileV2Entity.General.AllowRemoval: expected a string, got false",
                "WinRTDeviceProfileV2Entity.Credentials: expected a JSON object (WindowsDesktopCredentialsPayloadEntityV2), got ARRAY",
                "WinRTDeviceProfileV2Entity.CreateNewVersion: not a member of WinRTDeviceProfileV2Entity");
    }

    // ----- helpers ----------------------------------------------------------------------------------

    private static JsonNode model() {
        try (InputStream in = WorkspaceOneFixturesTest.class.getResourceAsStream("/uem/winrt-profile-v2-model.json")) {
            return UemFixtureServer.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode request(String fixture) {
        return UemFixtureServer.fixture(fixture).path("request").path("headers");
    }

    private static ActualResource existing(String id) {
        return new ActualResource(new io.scephub.core.resource.ResourceKey(WorkspaceOneConnector.KIND_PROFILE, "windows-ws1"),
                "workspaceone", id, Map.of(), Map.of("id", id), Set.of());
    }

    /** A read asked for what was last expanded, as the engine asks it. */
    private ReadResult read() {
        return connector.read(expanded == null ? ReadRequest.nothing() : ReadRequest.of(connector, expanded));
    }

    /** The desired state of one enrollment with these smart groups; {@link #desired()} uses the last one. */
    private DesiredState state(List<String> include, List<String> exclude) {
        lastState = new DesiredState(Map.of(), List.of(new EnrollmentSpec("windows-ws1", Platform.WINDOWS, "workspaceone",
                ChallengeType.STATIC, new CaSpec.OktaCa(), new CertificateSpec("CN={DeviceUid}", List.of(), 2048, "sha256",
                Set.of(KeyUsage.DIGITAL_SIGNATURE), List.of(), Period.ofYears(1), 20), new GroupScope(include, exclude),
                Optional.empty(), Optional.empty())));
        return lastState;
    }

    /** The resource of the last {@link #state} given to the connector, with Okta's URL resolved. */
    private Resource desired() {
        expanded = lastState;
        Resource resource = connector.desiredResources(lastState).get(0);
        Map<String, Object> resolved = new LinkedHashMap<>(resource.attributes());
        resolved.put("oktaScepUrl", SCEP_URL);
        return resource.withAttributes(resolved);
    }

    private DesiredState lastState;

    /** Fixed secrets; the real resilient, redacting HTTP layer. */
    private static final class Context implements ConnectorContext {
        private final VendorHttp http = new ResilientVendorHttp(Clock.systemUTC());

        @Override
        public Secret secret(SecretRef ref) {
            return Secret.of("fixture-" + ref.name(), ref.toString());
        }

        @Override
        public VendorHttp http() {
            return http;
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }
    }
}
