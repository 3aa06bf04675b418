package io.scephub.intune;

import io.scephub.core.spi.ReadRequest;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.scephub.intune.IntuneFixtures.CA_B64;
import static io.scephub.intune.IntuneFixtures.SCEP_URL;
import static io.scephub.intune.IntuneFixtures.CONFIGS;
import static io.scephub.intune.IntuneFixtures.TENANT;
import static io.scephub.intune.IntuneFixtures.enumValues;
import static io.scephub.intune.IntuneFixtures.fieldNames;
import static io.scephub.intune.IntuneFixtures.json;
import static io.scephub.intune.IntuneFixtures.metadataProperties;
import static io.scephub.intune.IntuneFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scephub.core.error.VendorError;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.Platform;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IntuneConnectorTest {
    private static final String WINDOWS = "windows-intune";
    private static final String MAC = "macos-intune";

    private WireMockServer graph;
    private TestContext context;
    private IntuneConnector connector;
    private final DesiredState state = IntuneFixtures.state(
            IntuneFixtures.enrollment(WINDOWS, Platform.WINDOWS), IntuneFixtures.enrollment(MAC, Platform.MACOS));

    @BeforeEach
    void start() {
        graph = IntuneFixtures.startGraph();
        context = new TestContext();
        connector = IntuneFixtures.open(graph, context);
    }

    @AfterEach
    void stop() {
        graph.stop();
    }

    @Test
    void tokenIsRequestedOnceAndReusedUntilItNearsExpiry() {
        stubList(List.of());
        connector.read(ReadRequest.nothing());
        connector.read(ReadRequest.nothing());
        graph.verify(1, postRequestedFor(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token")));
        LoggedRequest tokenRequest = graph.findAll(postRequestedFor(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token"))).get(0);
        assertThat(tokenRequest.getBodyAsString())
                .contains("grant_type=client_credentials")
                .contains("client_id=" + IntuneFixtures.CLIENT)
                .contains("scope=https%3A%2F%2Fgraph.microsoft.com%2F.default");
        graph.verify(2, getRequestedFor(urlPathEqualTo(CONFIGS)).withHeader("Authorization", equalTo("Bearer graph-token-1")));

        context.clock.advance(Duration.ofMinutes(56));
        connector.read(ReadRequest.nothing());
        graph.verify(2, postRequestedFor(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token")));
    }

    @Test
    void createsWindowsTrustedRootWithItsGraphTypeAndOnlyKnownProperties() {
        Resource desired = IntuneFixtures.resolve(
                IntuneFixtures.desired(connector, state, IntuneTrustedRoot.KIND, WINDOWS), IntuneFixtures.standardOutputs(WINDOWS));
        // Graph answers a create with the whole new entity.
        graph.stubFor(post(urlPathEqualTo(CONFIGS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(json(windowsRoot("root-1", WINDOWS)))));

        ActualResource created = connector.create(desired);
        graph.verify(0, getRequestedFor(urlPathMatching(CONFIGS + "/.*")));

        JsonNode body = parse(onlyRequest(postRequestedFor(urlPathEqualTo(CONFIGS))).getBodyAsString());
        assertThat(body.path("@odata.type").asText()).isEqualTo("#microsoft.graph.windows81TrustedRootCertificate");
        assertThat(fieldNames(body)).containsExactlyInAnyOrder("@odata.type", "displayName", "description",
                "trustedRootCertificate", "certFileName", "destinationStore");
        assertThat(withoutAnnotations(fieldNames(body))).isSubsetOf(metadataProperties("entityTypes", "windows81TrustedRootCertificate"));
        assertThat(body.path("trustedRootCertificate").asText()).isEqualTo(CA_B64);
        assertThat(body.path("certFileName").asText()).isEqualTo("okta-root.cer");
        assertThat(body.path("destinationStore").asText()).isEqualTo("computerCertStoreRoot");
        assertThat(body.path("description").asText()).endsWith("\n[scephub:intune.trusted-root/windows-intune]");

        assertThat(created.vendorId()).isEqualTo("root-1");
        assertThat(created.outputs()).containsEntry("id", "root-1");
        assertThat(created.attributes()).isEqualTo(desired.attributes());
    }

    @Test
    void createsWindowsScepProfileBoundToTheRootWithFlagEnumsCommaJoined() {
        Resource desired = IntuneFixtures.resolve(
                IntuneFixtures.desired(connector, state, IntuneScepProfile.KIND, WINDOWS), IntuneFixtures.standardOutputs(WINDOWS));
        // The 201 body is the new entity; like any plain GET it carries no rootCertificate link.
        Map<String, Object> answer = new LinkedHashMap<>(windowsScep("scep-1", WINDOWS, "root-1"));
        answer.remove("rootCertificate");
        graph.stubFor(post(urlPathEqualTo(CONFIGS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(json(answer))));

        ActualResource created = connector.create(desired);

        JsonNode body = parse(onlyRequest(postRequestedFor(urlPathEqualTo(CONFIGS))).getBodyAsString());
        assertThat(body.path("@odata.type").asText()).isEqualTo("#microsoft.graph.windows81SCEPCertificateProfile");
        assertThat(fieldNames(body)).containsExactlyInAnyOrder("@odata.type", "displayName", "description",
                "scepServerUrls", "subjectNameFormat", "subjectNameFormatString", "customSubjectAlternativeNames",
                "keyUsage", "keySize", "hashAlgorithm", "certificateValidityPeriodValue", "certificateValidityPeriodScale",
                "renewalThresholdPercentage", "extendedKeyUsages", "certificateStore", "keyStorageProvider",
                "rootCertificate@odata.bind");
        assertThat(withoutAnnotations(fieldNames(body))).isSubsetOf(metadataProperties("entityTypes", "windows81SCEPCertificateProfile"));
        assertThat(body.path("rootCertificate@odata.bind").asText())
                .isEqualTo("http://127.0.0.1:" + graph.port() + "/beta/deviceManagement/deviceConfigurations('root-1')");
        assertThat(body.path("keyUsage").isTextual()).isTrue();
        assertThat(Set.of(body.path("keyUsage").asText().split(","))).containsExactlyInAnyOrder("digitalSignature", "keyEncipherment");
        assertThat(body.path("hashAlgorithm").asText()).isEqualTo("sha2");
        assertThat(body.path("keySize").asText()).isEqualTo("size2048");
        assertThat(body.path("subjectNameFormat").asText()).isEqualTo("custom");
        assertThat(body.path("subjectNameFormatString").asText()).isEqualTo("CN={{DeviceId}}");
        assertThat(body.path("scepServerUrls").get(0).asText()).isEqualTo(SCEP_URL);
        assertThat(body.path("certificateValidityPeriodValue").asInt()).isEqualTo(1);
        assertThat(body.path("keyStorageProvider").asText()).isEqualTo("useTpmKspOtherwiseUseSoftwareKsp");
        assertThat(enumValues("keySize")).contains(body.path("keySize").asText());
        assertThat(enumValues("certificateValidityPeriodScale")).contains(body.path("certificateValidityPeriodScale").asText());
        assertThat(enumValues("certificateStore")).contains(body.path("certificateStore").asText());
        assertThat(enumValues("keyStorageProviderOption")).contains(body.path("keyStorageProvider").asText());
        JsonNode eku = body.path("extendedKeyUsages").get(0);
        assertThat(withoutAnnotations(fieldNames(eku))).containsExactlyInAnyOrder("name", "objectIdentifier");
        assertThat(eku.path("objectIdentifier").asText()).isEqualTo("1.3.6.1.5.5.7.3.2");
        JsonNode san = body.path("customSubjectAlternativeNames").get(0);
        assertThat(withoutAnnotations(fieldNames(san))).isSubsetOf(metadataProperties("complexTypes", "customSubjectAlternativeName"));
        assertThat(enumValues("subjectAlternativeNameType")).contains(san.path("sanType").asText());

        graph.verify(0, getRequestedFor(urlPathMatching(CONFIGS + "/.*")));
        assertThat(created.attributes()).isEqualTo(desired.attributes());
    }

    @Test
    void createsMacScepProfileWithAppleSubjectFormatAndDeviceChannel() {
        Resource desired = IntuneFixtures.resolve(
                IntuneFixtures.desired(connector, state, IntuneScepProfile.KIND, MAC), IntuneFixtures.standardOutputs(MAC));
        Map<String, Object> read = new LinkedHashMap<>(windowsScep("scep-9", MAC, "root-1"));
        read.put("@odata.type", GraphPaths.MACOS_SCEP);
        read.remove("keyStorageProvider");
        read.put("deploymentChannel", "deviceChannel");
        read.remove("rootCertificate");
        graph.stubFor(post(urlPathEqualTo(CONFIGS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(json(read))));

        ActualResource created = connector.create(desired);

        JsonNode body = parse(onlyRequest(postRequestedFor(urlPathEqualTo(CONFIGS))).getBodyAsString());
        assertThat(body.path("@odata.type").asText()).isEqualTo("#microsoft.graph.macOSScepCertificateProfile");
        assertThat(withoutAnnotations(fieldNames(body))).isSubsetOf(metadataProperties("entityTypes", "macOSScepCertificateProfile"))
                .doesNotContain("keyStorageProvider");
        assertThat(enumValues("appleSubjectNameFormat")).contains(body.path("subjectNameFormat").asText());
        assertThat(body.path("deploymentChannel").asText()).isEqualTo("deviceChannel");
        assertThat(body.path("certificateStore").asText()).isEqualTo("machine");
        assertThat(created.attributes()).isEqualTo(desired.attributes());
    }

    @Test
    void readKeepsOnlyMarkedConfigurationsAcrossPagesAndExpandsTheRootLink() {
        String next = "http://127.0.0.1:" + graph.port() + CONFIGS + "?$select=id,displayName,description,createdDateTime&$skiptoken=page2";
        Map<String, Object> scepEntry = new LinkedHashMap<>(listEntry("scep-1", GraphPaths.WINDOWS_SCEP,
                "x\n[scephub:intune.scep-profile/windows-intune]"));
        scepEntry.put("assignments", assignments("scep-1", List.of(groupTarget("g-pilot"), exclusionTarget("g-kiosk"), groupTarget("g-hand"))));
        Map<String, Object> rootEntry = new LinkedHashMap<>(listEntry("root-1", GraphPaths.WINDOWS_TRUSTED_ROOT,
                "x\n[scephub:intune.trusted-root/windows-intune]"));
        rootEntry.put("assignments", assignments("root-1", List.of(groupTarget("g-pilot"), exclusionTarget("g-kiosk"))));
        graph.stubFor(get(urlPathEqualTo(CONFIGS)).withQueryParam("$skiptoken", equalTo("page2")).atPriority(1)
                .willReturn(okJson(json(Map.of("value", List.of(scepEntry))))));
        graph.stubFor(get(urlPathEqualTo(CONFIGS)).atPriority(5).willReturn(okJson(json(Map.of(
                "@odata.nextLink", next,
                "value", List.of(listEntry("other-1", GraphPaths.WINDOWS_SCEP, "made by hand"), rootEntry))))));
        graph.stubFor(get(urlPathEqualTo(CONFIGS + "/root-1")).willReturn(okJson(json(windowsRoot("root-1", WINDOWS)))));
        graph.stubFor(get(urlPathEqualTo(CONFIGS + "/scep-1")).willReturn(okJson(json(windowsScep("scep-1", WINDOWS, "root-1")))));
        stubGroup("g-pilot", "ODA Windows Pilot");
        stubGroup("g-kiosk", "Kiosks");
        stubGroup("g-hand", "Added By Hand");

        ReadResult result = connector.read(ReadRequest.nothing());

        assertThat(result.resources()).extracting(r -> r.key().toString()).containsExactlyInAnyOrder(
                "intune.trusted-root/windows-intune", "intune.scep-profile/windows-intune", "intune.assignment/windows-intune");
        ActualResource scep = find(result, "intune.scep-profile/windows-intune");
        assertThat(scep.attributes()).containsEntry("rootCertificate", "root-1");
        assertThat(scep.outputs()).containsEntry("id", "scep-1");
        // rootCertificate is declared on the derived SCEP types only, so the expand goes through the type cast.
        graph.verify(getRequestedFor(urlPathEqualTo(CONFIGS + "/scep-1"))
                .withQueryParam("$expand", equalTo("microsoft.graph.windows81SCEPCertificateProfile/rootCertificate")));
        graph.verify(getRequestedFor(urlPathEqualTo(CONFIGS + "/root-1")).withoutQueryParam("$expand"));
        graph.verify(getRequestedFor(urlPathEqualTo(CONFIGS)).withQueryParam("$select", equalTo("id,displayName,description,createdDateTime"))
                .withQueryParam("$expand", equalTo("assignments")).withQueryParam("$top", equalTo("999")));
        // The two profiles are read in one $batch, the assignments came with the listing, the three groups in one more $batch.
        graph.verify(2, postRequestedFor(urlPathEqualTo("/beta/$batch")));
        graph.verify(0, getRequestedFor(urlPathMatching(".*/assignments")));
        assertThat(graph.getAllServeEvents()).noneMatch(e -> e.getRequest().getUrl().contains("other-1"));

        ActualResource assignment = find(result, "intune.assignment/windows-intune");
        assertThat(assignment.attributes().get("include"))
                .isEqualTo(List.of("Added By Hand [only on the SCEP profile]", "ODA Windows Pilot"));
        assertThat(assignment.attributes().get("exclude")).isEqualTo(List.of("Kiosks"));
        assertThat(assignment.attributes()).containsEntry("trustedRootId", "root-1").containsEntry("scepProfileId", "scep-1");
    }

    @Test
    void readReportsATypeMismatchAndDuplicatesWithoutTouchingThem() {
        graph.stubFor(get(urlPathEqualTo(CONFIGS)).willReturn(okJson(json(Map.of("value", List.of(
                listEntry("root-1", GraphPaths.WINDOWS_TRUSTED_ROOT, "[scephub:intune.trusted-root/windows-intune]"),
                listEntry("root-2", GraphPaths.WINDOWS_TRUSTED_ROOT, "[scephub:intune.trusted-root/windows-intune]")))))));
        graph.stubFor(get(urlPathEqualTo(CONFIGS + "/root-1")).willReturn(okJson(json(windowsRoot("root-1", WINDOWS)))));
        stubAssignments("root-1", List.of());

        ReadResult result = connector.read(ReadRequest.nothing());

        assertThat(result.resources()).extracting(ActualResource::vendorId).containsExactly("root-1");
        assertThat(result.notices()).singleElement().asString().contains("root-1", "root-2", "more than one");
        assertThat(graph.getAllServeEvents()).noneMatch(e -> e.getRequest().getUrl().contains("root-2"));
    }

    @Test
    void updatePatchesOnlyTheChangedPropertiesAndRelinksTheRootThroughRef() {
        Resource desired = IntuneFixtures.resolve(
                IntuneFixtures.desired(connector, state, IntuneScepProfile.KIND, WINDOWS), IntuneFixtures.standardOutputs(WINDOWS));
        Map<String, Object> wanted = new LinkedHashMap<>(desired.attributes());
        wanted.put("rootCertificate", "root-2");
        desired = desired.withAttributes(wanted);
        ActualResource actual = new ActualResource(desired.key(), "intune", "scep-1", desired.attributes(), Map.of("id", "scep-1"), Set.of());
        graph.stubFor(patch(urlPathEqualTo(CONFIGS + "/scep-1")).willReturn(aResponse().withStatus(204)));
        String ref = CONFIGS + "/scep-1/microsoft.graph.windows81SCEPCertificateProfile/rootCertificate/$ref";
        graph.stubFor(put(urlPathEqualTo(ref)).willReturn(aResponse().withStatus(204)));
        graph.stubFor(get(urlPathEqualTo(CONFIGS + "/scep-1")).willReturn(okJson(json(windowsScep("scep-1", WINDOWS, "root-2")))));

        connector.update(desired, actual, List.of(
                new AttributeChange("keySize", Optional.of("size4096"), Optional.of("size2048")),
                new AttributeChange("rootCertificate", Optional.of("root-1"), Optional.of("root-2"))));

        JsonNode patchBody = parse(onlyRequest(patchRequestedFor(urlPathEqualTo(CONFIGS + "/scep-1"))).getBodyAsString());
        assertThat(fieldNames(patchBody)).containsExactlyInAnyOrder("@odata.type", "keySize");
        assertThat(patchBody.path("keySize").asText()).isEqualTo("size2048");
        JsonNode refBody = parse(onlyRequest(putRequestedFor(urlPathEqualTo(ref))).getBodyAsString());
        assertThat(withoutAnnotations(fieldNames(refBody))).isEmpty();
        assertThat(refBody.path("@odata.id").asText())
                .isEqualTo("http://127.0.0.1:" + graph.port() + "/beta/deviceManagement/deviceConfigurations('root-2')");
    }

    @Test
    void assignmentPostsTheWholeIncludeAndExcludeSetToBothProfiles() {
        Resource desired = IntuneFixtures.resolve(
                IntuneFixtures.desired(connector, state, IntuneAssignment.KIND, WINDOWS), IntuneFixtures.standardOutputs(WINDOWS));
        stubGroupSearch("ODA Windows Pilot", List.of(Map.of("id", "g-pilot", "displayName", "ODA Windows Pilot")));
        stubGroupSearch("Kiosks", List.of(Map.of("id", "g-kiosk", "displayName", "Kiosks")));
        for (String id : List.of("root-1", "scep-1")) {
            // /assign answers with the assignment set it now holds.
            graph.stubFor(post(urlPathEqualTo(CONFIGS + "/" + id + "/assign")).willReturn(okJson(json(Map.of(
                    "value", assignments(id, List.of(groupTarget("g-pilot"), exclusionTarget("g-kiosk"))))))));
        }

        ActualResource actual = connector.create(desired);
        graph.verify(0, getRequestedFor(urlPathMatching(".*/assignments")));

        for (String id : List.of("root-1", "scep-1")) {
            JsonNode body = parse(onlyRequest(postRequestedFor(urlPathEqualTo(CONFIGS + "/" + id + "/assign"))).getBodyAsString());
            JsonNode assignments = body.path("assignments");
            assertThat(assignments).hasSize(2);
            assertThat(assignments.get(0).path("target").path("@odata.type").asText()).isEqualTo(GraphPaths.GROUP_TARGET);
            assertThat(assignments.get(0).path("target").path("groupId").asText()).isEqualTo("g-pilot");
            assertThat(assignments.get(1).path("target").path("@odata.type").asText()).isEqualTo(GraphPaths.EXCLUSION_GROUP_TARGET);
            assertThat(assignments.get(1).path("target").path("groupId").asText()).isEqualTo("g-kiosk");
            for (JsonNode assignment : assignments) {
                assertThat(withoutAnnotations(fieldNames(assignment))).isSubsetOf(metadataProperties("entityTypes", "deviceConfigurationAssignment"));
                assertThat(withoutAnnotations(fieldNames(assignment.path("target"))))
                        .isSubsetOf(metadataProperties("complexTypes", "groupAssignmentTarget"));
            }
        }
        assertThat(actual.attributes()).isEqualTo(desired.attributes());
    }

    @Test
    void groupNamesWithAQuoteAreDoubledInTheFilter() {
        IntuneGraph graphApi = graphApi();
        stubGroupSearch("O'Brien Devices", List.of(Map.of("id", "g-ob", "displayName", "O'Brien Devices")));

        assertThat(new GroupDirectory(graphApi).idOf("O'Brien Devices", "test")).isEqualTo("g-ob");
        graph.verify(getRequestedFor(urlPathEqualTo("/beta/groups"))
                .withQueryParam("$filter", equalTo("displayName eq 'O''Brien Devices'")));
    }

    @Test
    void ambiguousGroupNameIsAClearErrorAndNothingIsAssigned() {
        Resource desired = IntuneFixtures.resolve(
                IntuneFixtures.desired(connector, state, IntuneAssignment.KIND, WINDOWS), IntuneFixtures.standardOutputs(WINDOWS));
        stubGroupSearch("Kiosks", List.of(Map.of("id", "g-1", "displayName", "Kiosks"), Map.of("id", "g-2", "displayName", "Kiosks")));
        stubGroupSearch("ODA Windows Pilot", List.of(Map.of("id", "g-pilot", "displayName", "ODA Windows Pilot")));

        assertThatThrownBy(() -> connector.create(desired))
                .isInstanceOf(GroupResolutionError.class)
                .hasMessageContaining("\"Kiosks\"").hasMessageContaining("g-1, g-2").hasMessageContaining("intune.assignment/windows-intune");
        graph.verify(0, postRequestedFor(urlPathMatching(".*/assign")));
    }

    @Test
    void missingGroupNamesTheGroup() {
        stubGroupSearch("Nobody", List.of());
        assertThatThrownBy(() -> new GroupDirectory(graphApi()).idOf("Nobody", "intune.assignment/x include"))
                .isInstanceOf(GroupResolutionError.class)
                .hasMessageContaining("no Entra group is named \"Nobody\"");
    }

    @Test
    void graphErrorsBecomeVendorErrorsWithCodeAndRequestId() {
        graph.stubFor(get(urlPathEqualTo(CONFIGS)).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withHeader("request-id", "req-42")
                .withBody("{\"error\":{\"code\":\"Forbidden\",\"message\":\"Application is not authorized\","
                        + "\"innerError\":{\"request-id\":\"req-42\",\"date\":\"2026-11-25T10:00:00\"}}}")));

        assertThatThrownBy(() -> connector.read(ReadRequest.nothing()))
                .isInstanceOfSatisfying(VendorError.class, e -> {
                    assertThat(e.vendor()).isEqualTo("intune");
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.vendorCode()).contains("Forbidden");
                    assertThat(e.requestId()).contains("req-42");
                });
    }

    @Test
    void findOwnedAdoptsTheMarkedProfileAndNothingForAssignments() {
        graph.stubFor(get(urlPathEqualTo(CONFIGS)).willReturn(okJson(json(Map.of("value", List.of(
                listEntry("other-1", GraphPaths.WINDOWS_TRUSTED_ROOT, "[scephub:intune.trusted-root/someone-else]"),
                listEntry("root-1", GraphPaths.WINDOWS_TRUSTED_ROOT, "x\n[scephub:intune.trusted-root/windows-intune]")))))));
        graph.stubFor(get(urlPathEqualTo(CONFIGS + "/root-1")).willReturn(okJson(json(windowsRoot("root-1", WINDOWS)))));

        Optional<ActualResource> found = connector.findOwned(IntuneTrustedRoot.key(WINDOWS));

        assertThat(found).map(ActualResource::vendorId).contains("root-1");
        assertThat(connector.findOwned(IntuneTrustedRoot.key("not-there"))).isEmpty();
        assertThat(connector.findOwned(IntuneAssignment.key(WINDOWS))).isEmpty();
    }

    @Test
    void deleteRemovesOnlyTheOwnedProfileAndToleratesOneAlreadyGone() {
        graph.stubFor(delete(urlPathEqualTo(CONFIGS + "/root-1")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"gone\"}}")));

        connector.delete(new ActualResource(IntuneTrustedRoot.key(WINDOWS), "intune", "root-1", Map.of(), Map.of(), Set.of()));

        graph.verify(1, deleteRequestedFor(urlPathEqualTo(CONFIGS + "/root-1")));
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private IntuneGraph graphApi() {
        return connectorGraph(connector);
    }

    private static IntuneGraph connectorGraph(IntuneConnector connector) {
        try {
            var field = IntuneConnector.class.getDeclaredField("graph");
            field.setAccessible(true);
            return (IntuneGraph) field.get(connector);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private LoggedRequest onlyRequest(com.github.tomakehurst.wiremock.matching.RequestPatternBuilder pattern) {
        List<LoggedRequest> requests = graph.findAll(pattern);
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private static ActualResource find(ReadResult result, String key) {
        return result.resources().stream().filter(r -> r.key().equals(ResourceKey.parse(key))).findFirst().orElseThrow();
    }

    private static Set<String> withoutAnnotations(Set<String> names) {
        Set<String> out = new HashSet<>(names);
        out.removeIf(n -> n.contains("@odata."));
        return out;
    }

    private void stubList(List<Map<String, Object>> entries) {
        graph.stubFor(get(urlPathEqualTo(CONFIGS)).willReturn(okJson(json(Map.of("value", entries)))));
    }

    private void stubAssignments(String configurationId, List<Map<String, Object>> targets) {
        graph.stubFor(get(urlPathEqualTo(CONFIGS + "/" + configurationId + "/assignments"))
                .willReturn(okJson(json(Map.of("value", assignments(configurationId, targets))))));
    }

    private static List<Map<String, Object>> assignments(String configurationId, List<Map<String, Object>> targets) {
        return targets.stream().map(t -> Map.<String, Object>of("id", configurationId + "_" + t.get("groupId"), "target", t)).toList();
    }

    private void stubGroup(String id, String name) {
        graph.stubFor(get(urlPathEqualTo("/beta/groups/" + id)).willReturn(okJson(json(Map.of("id", id, "displayName", name)))));
    }

    private void stubGroupSearch(String name, List<Map<String, Object>> groups) {
        graph.stubFor(get(urlPathEqualTo("/beta/groups"))
                .withQueryParam("$filter", equalTo("displayName eq '" + name.replace("'", "''") + "'"))
                .willReturn(okJson(json(Map.of("value", groups)))));
    }

    private static Map<String, Object> groupTarget(String groupId) {
        return Map.of("@odata.type", GraphPaths.GROUP_TARGET, "groupId", groupId,
                "deviceAndAppManagementAssignmentFilterId", "00000000-0000-0000-0000-000000000000",
                "deviceAndAppManagementAssignmentFilterType", "none");
    }

    private static Map<String, Object> exclusionTarget(String groupId) {
        return Map.of("@odata.type", GraphPaths.EXCLUSION_GROUP_TARGET, "groupId", groupId);
    }

    private static Map<String, Object> listEntry(String id, String type, String description) {
        return Map.of("@odata.type", type, "id", id, "displayName", "p " + id, "description", description);
    }

    private static Map<String, Object> windowsRoot(String id, String enrollment) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("@odata.type", GraphPaths.WINDOWS_TRUSTED_ROOT);
        root.put("id", id);
        root.put("displayName", "Okta Device Access root CA (" + enrollment + ")");
        root.put("description", IntuneResources.description(enrollment, "the root certificate Okta Device Access SCEP certificates chain to")
                + "\n[scephub:intune.trusted-root/" + enrollment + "]");
        root.put("trustedRootCertificate", CA_B64);
        root.put("certFileName", "okta-root.cer");
        root.put("destinationStore", "computerCertStoreRoot");
        root.put("version", 1);
        return root;
    }

    /** What Graph returns for our Windows SCEP profile, in Graph's own member order and with extra read-only members. */
    private static Map<String, Object> windowsScep(String id, String enrollment, String rootId) {
        Map<String, Object> scep = new LinkedHashMap<>();
        scep.put("@odata.type", GraphPaths.WINDOWS_SCEP);
        scep.put("id", id);
        scep.put("lastModifiedDateTime", "2026-11-25T10:00:00Z");
        scep.put("displayName", "Okta Device Access SCEP (" + enrollment + ")");
        scep.put("description", IntuneResources.description(enrollment, "the device certificate for Okta Device Access")
                + "\n[scephub:intune.scep-profile/" + enrollment + "]");
        scep.put("renewalThresholdPercentage", 20);
        scep.put("keyStorageProvider", "useTpmKspOtherwiseUseSoftwareKsp");
        scep.put("subjectNameFormat", "custom");
        scep.put("subjectAlternativeNameType", "none");
        scep.put("certificateValidityPeriodValue", 1);
        scep.put("certificateValidityPeriodScale", "years");
        scep.put("extendedKeyUsages", List.of(Map.of("name", "Client Authentication", "objectIdentifier", "1.3.6.1.5.5.7.3.2")));
        scep.put("customSubjectAlternativeNames", List.of(Map.of("sanType", "userPrincipalName", "name", "{{UserPrincipalName}}")));
        scep.put("keyUsage", "keyEncipherment,digitalSignature");
        scep.put("keySize", "size2048");
        scep.put("hashAlgorithm", "sha2");
        scep.put("scepServerUrls", List.of(SCEP_URL));
        scep.put("subjectNameFormatString", "CN={{DeviceId}}");
        scep.put("certificateStore", "machine");
        scep.put("rootCertificate", Map.of("@odata.type", GraphPaths.WINDOWS_TRUSTED_ROOT, "id", rootId));
        return scep;
    }
}
