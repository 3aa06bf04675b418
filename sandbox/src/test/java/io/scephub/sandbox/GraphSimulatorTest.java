package io.scephub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GraphSimulatorTest {

    @AutoClose
    private static Sandbox sandbox;
    private static TestHttp graph;
    private static String configurations;

    @BeforeAll
    static void start() {
        sandbox = TestSandbox.running(SandboxOptions.defaults());
        configurations = sandbox.graphBaseUrl() + "/deviceManagement/deviceConfigurations";
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
        graph = new TestHttp("Bearer " + token());
    }

    private static String token() {
        SandboxOptions options = sandbox.options();
        String form = "grant_type=client_credentials&client_id=" + options.clientId() + "&client_secret="
                + options.clientSecret() + "&scope=" + URLEncoder.encode("https://graph.microsoft.com/.default", StandardCharsets.UTF_8);
        HttpResponse<String> response = new TestHttp(null).send("POST", sandbox.authorityHost() + "/" + options.tenantId()
                + "/oauth2/v2.0/token", form, "application/x-www-form-urlencoded");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = TestHttp.json(response);
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asInt()).isEqualTo(3599);
        return body.get("access_token").asText();
    }

    private String rootBody(String name) {
        return TestHttp.JSON.createObjectNode().put("@odata.type", "#microsoft.graph.windows81TrustedRootCertificate")
                .put("displayName", name).put("description", "Okta root [scephub:intune.trusted-root/win]")
                .put("trustedRootCertificate", Base64.getEncoder().encodeToString("not-really-der".getBytes(StandardCharsets.UTF_8)))
                .put("certFileName", "okta.cer").put("destinationStore", "computerCertStoreRoot").toString();
    }

    private ObjectNode scepBody(String name, String rootId) {
        ObjectNode body = TestHttp.JSON.createObjectNode();
        body.put("@odata.type", "#microsoft.graph.windows81SCEPCertificateProfile");
        body.put("displayName", name);
        body.put("description", "[scephub:intune.scep-profile/win]");
        body.putArray("scepServerUrls").add(sandbox.oktaBaseUrl() + "/pki/abc/scep/rac123");
        body.put("subjectNameFormat", "custom");
        body.put("subjectNameFormatString", "CN={{DeviceId}}");
        body.put("keyUsage", "digitalSignature,keyEncipherment");
        body.put("keySize", "size2048");
        body.put("hashAlgorithm", "sha2");
        body.put("certificateValidityPeriodValue", 1);
        body.put("certificateValidityPeriodScale", "years");
        body.put("renewalThresholdPercentage", 20);
        body.put("certificateStore", "machine");
        body.put("keyStorageProvider", "useTpmKspOtherwiseUseSoftwareKsp");
        body.putArray("extendedKeyUsages").addObject().put("name", "Client Authentication").put("objectIdentifier", "1.3.6.1.5.5.7.3.2");
        if (rootId != null) {
            body.put("rootCertificate@odata.bind", sandbox.graphBaseUrl() + "/deviceManagement/deviceConfigurations('" + rootId + "')");
        }
        return body;
    }

    private String create(String body) {
        HttpResponse<String> response = graph.send("POST", configurations, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return TestHttp.json(response).get("id").asText();
    }

    @Test
    void profileRoundTripsThroughCreateReadPatchAndDelete() {
        String rootId = create(rootBody("Okta root"));
        String scepId = create(scepBody("Okta SCEP", rootId).toString());

        JsonNode read = TestHttp.json(graph.get(configurations + "/" + scepId));
        assertThat(read.get("@odata.type").asText()).isEqualTo("#microsoft.graph.windows81SCEPCertificateProfile");
        assertThat(read.get("keyUsage").asText()).isEqualTo("digitalSignature,keyEncipherment");
        assertThat(read.get("version").asInt()).isEqualTo(1);
        assertThat(read.has("rootCertificate")).as("a plain GET hides the root link").isFalse();

        HttpResponse<String> patched = graph.send("PATCH", configurations + "/" + scepId,
                "{\"@odata.type\":\"#microsoft.graph.windows81SCEPCertificateProfile\",\"renewalThresholdPercentage\":30,\"id\":\"ignored\",\"version\":99}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        JsonNode after = TestHttp.json(graph.get(configurations + "/" + scepId));
        assertThat(after.get("renewalThresholdPercentage").asInt()).isEqualTo(30);
        assertThat(after.get("version").asInt()).isEqualTo(2);
        assertThat(after.get("id").asText()).isEqualTo(scepId);

        assertThat(graph.send("DELETE", configurations + "/" + scepId, null).statusCode()).isEqualTo(204);
        HttpResponse<String> gone = graph.get(configurations + "/" + scepId);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(gone).at("/error/code").asText()).isEqualTo("ResourceNotFound");
        assertThat(TestHttp.json(gone).at("/error/innerError/request-id").asText()).isNotEmpty();
    }

    @Test
    void rootCertificateIsReadableByExpandAndRefAndMovableByPutRef() {
        String rootId = create(rootBody("Okta root"));
        String otherRootId = create(rootBody("Other root"));
        String scepId = create(scepBody("Okta SCEP", rootId).toString());

        JsonNode expanded = TestHttp.json(graph.get(configurations + "/" + scepId
                + "?$expand=microsoft.graph.windows81SCEPCertificateProfile/rootCertificate"));
        assertThat(expanded.at("/rootCertificate/id").asText()).isEqualTo(rootId);

        String refUrl = configurations + "/" + scepId + "/microsoft.graph.windows81SCEPCertificateProfile/rootCertificate/$ref";
        HttpResponse<String> put = graph.send("PUT", refUrl,
                "{\"@odata.id\":\"" + sandbox.graphBaseUrl() + "/deviceManagement/deviceConfigurations('" + otherRootId + "')\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(204);
        assertThat(TestHttp.json(graph.get(refUrl)).get("@odata.id").asText()).endsWith("('" + otherRootId + "')");
        assertThat(TestHttp.json(graph.get(configurations + "/" + scepId + "/microsoft.graph.windows81SCEPCertificateProfile/rootCertificate"))
                .get("displayName").asText()).isEqualTo("Other root");
        assertThat(sandbox.graph().rootCertificateId(scepId)).contains(otherRootId);
    }

    @Test
    void navigationPropertiesOfTheScepTypesNeedTheTypeCast() {
        String rootId = create(rootBody("Okta root"));
        String scepId = create(scepBody("Okta SCEP", rootId).toString());
        // rootCertificate and managedDeviceCertificateStates are declared on the derived SCEP types, not on deviceConfiguration.
        for (String url : List.of(configurations + "/" + scepId + "?$expand=rootCertificate",
                configurations + "/" + scepId + "/rootCertificate",
                configurations + "/" + scepId + "/rootCertificate/$ref",
                configurations + "/" + scepId + "/managedDeviceCertificateStates")) {
            HttpResponse<String> response = graph.get(url);
            assertThat(response.statusCode()).as(url).isEqualTo(400);
            assertThat(TestHttp.json(response).at("/error/message").asText()).as(url)
                    .contains("on type 'microsoft.graph.deviceConfiguration'");
        }
        String cast = configurations + "/" + scepId + "/microsoft.graph.windows81SCEPCertificateProfile";
        assertThat(graph.get(cast + "/managedDeviceCertificateStates").statusCode()).isEqualTo(200);
        // A cast to another derived type in $expand expands nothing on this instance, as OData specifies.
        JsonNode other = TestHttp.json(graph.get(configurations + "/" + scepId + "?$expand=microsoft.graph.macOSScepCertificateProfile/rootCertificate"));
        assertThat(other.has("rootCertificate")).isFalse();
        HttpResponse<String> derived = graph.get(configurations + "?$select=id,keySize");
        assertThat(derived.statusCode()).as("a derived property on the base set").isEqualTo(400);
        JsonNode listed = TestHttp.json(graph.get(configurations + "?$select=id,description&$expand=assignments"));
        listed.get("value").forEach(item -> assertThat(item.get("assignments").isArray()).as(item.toString()).isTrue());
    }

    @Test
    void deviceStatusesAndAssignmentsArePaged() {
        String rootId = create(rootBody("Okta root"));
        String scepId = create(scepBody("Okta SCEP", rootId).toString());
        String assign = "{\"assignments\":[{\"target\":{\"@odata.type\":\"#microsoft.graph.groupAssignmentTarget\",\"groupId\":\""
                + GraphSimulator.seededGroupId("ODA Windows Pilot") + "\"}},{\"target\":{\"@odata.type\":\"#microsoft.graph.groupAssignmentTarget\",\"groupId\":\""
                + GraphSimulator.seededGroupId("Contractors") + "\"}}]}";
        assertThat(graph.send("POST", configurations + "/" + scepId + "/assign", assign).statusCode()).isEqualTo(200);
        for (String navigation : List.of("deviceStatuses", "assignments")) {
            int seen = 0;
            int pages = 0;
            String url = configurations + "/" + scepId + "/" + navigation + "?$top=1";
            while (url != null) {
                JsonNode page = TestHttp.json(graph.get(url));
                seen += page.get("value").size();
                pages++;
                url = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
            }
            assertThat(seen).as(navigation).isEqualTo(2);
            assertThat(pages).as(navigation).isEqualTo(2);
        }
    }

    @Test
    void aLargeFleetIsPagedByNextLinkWithEveryDeviceExactlyOnceAndTheChainEnds() {
        String rootId = create(rootBody("Okta root"));
        String scepId = create(scepBody("Okta SCEP", rootId).toString());
        int fleet = 2_345;
        java.time.Instant issued = java.time.Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < fleet; i++) {
            sandbox.graph().addDeviceCertificate(scepId, "PC-" + i, issued, issued.plus(java.time.Duration.ofDays(365)));
        }
        String cast = configurations + "/" + scepId + "/microsoft.graph.windows81SCEPCertificateProfile/managedDeviceCertificateStates";
        String statuses = configurations + "/" + scepId + "/deviceStatuses";
        // Without $top Intune chooses the page (1,000 for device collections); with $top the caller does.
        record Case(String url, int devices, int pages) { }
        for (Case c : List.of(new Case(cast, fleet, 3), new Case(cast + "?$top=500", fleet, 5),
                new Case(statuses, fleet + 2, 3), new Case(statuses + "?$top=999", fleet + 2, 3))) {
            java.util.Set<String> names = new java.util.HashSet<>();
            int seen = 0;
            int pages = 0;
            String url = c.url();
            while (url != null) {
                assertThat(pages).as("the nextLink chain of " + c.url() + " ends").isLessThan(c.pages());
                JsonNode page = TestHttp.json(graph.get(url));
                assertThat(page.get("value").size()).as(url).isPositive();
                page.get("value").forEach(v -> names.add(v.get("deviceDisplayName").asText()));
                seen += page.get("value").size();
                pages++;
                url = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
            }
            assertThat(seen).as(c.url()).isEqualTo(c.devices());
            assertThat(names).as(c.url()).hasSize(c.devices());
            assertThat(pages).as(c.url()).isEqualTo(c.pages());
        }
    }

    @Test
    void managedDevicesArePagedByNextLinkWithEveryDeviceOnce() {
        for (int i = 0; i < 1_500; i++) {
            sandbox.graph().addManagedDevice("PC-" + i, "SER-" + i);
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        int pages = 0;
        String url = sandbox.graphBaseUrl() + "/deviceManagement/managedDevices";
        while (url != null && pages < 10) {
            JsonNode page = TestHttp.json(graph.get(url));
            page.get("value").forEach(v -> assertThat(ids.add(v.get("id").asText())).as("seen once").isTrue());
            pages++;
            url = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
        }
        assertThat(url).as("the chain ended").isNull();
        assertThat(ids).hasSize(1_502);
        assertThat(pages).isEqualTo(2);
    }

    @Test
    void deviceStatusesUseOnlyComplianceStatusValues() {
        String rootId = create(rootBody("Okta root"));
        String scepId = create(scepBody("Okta SCEP", rootId).toString());
        sandbox.graph().addDeviceCertificate(scepId, "PC-1", java.time.Instant.parse("2026-01-01T00:00:00Z"),
                java.time.Instant.parse("2027-01-01T00:00:00Z"));
        // Microsoft's beta metadata: complianceStatus = unknown, notApplicable, compliant, remediated, nonCompliant, error, conflict, notAssigned.
        List<String> allowed = List.of("unknown", "notApplicable", "compliant", "remediated", "nonCompliant", "error", "conflict", "notAssigned");
        JsonNode statuses = TestHttp.json(graph.get(configurations + "/" + scepId + "/deviceStatuses?$top=10")).get("value");
        assertThat(statuses).hasSize(3);
        statuses.forEach(status -> assertThat(allowed).contains(status.get("status").asText()));
    }

    @Test
    void aDescriptionOnlyPatchIsANewVersionButReissuesNoCertificate() {
        String rootId = create(rootBody("Okta root"));
        String scepId = create(scepBody("Okta SCEP", rootId).toString());
        java.time.Instant issued = java.time.Instant.parse("2026-01-01T00:00:00Z");
        sandbox.graph().addDeviceCertificate(scepId, "PC-1", issued, java.time.Instant.parse("2027-01-01T00:00:00Z"));
        String type = "\"@odata.type\":\"#microsoft.graph.windows81SCEPCertificateProfile\"";

        assertThat(graph.send("PATCH", configurations + "/" + scepId, "{" + type + ",\"description\":\"new words [scephub:intune.scep-profile/win]\"}")
                .statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(graph.get(configurations + "/" + scepId)).get("version").asInt()).isEqualTo(2);
        assertThat(sandbox.graph().deviceCertificates(scepId).get(0).get("certificateIssuanceDateTime").asText()).isEqualTo(issued.toString());

        assertThat(graph.send("PATCH", configurations + "/" + scepId, "{" + type + ",\"keySize\":\"size4096\"}").statusCode()).isEqualTo(200);
        assertThat(sandbox.graph().deviceCertificates(scepId).get(0).get("certificateIssuanceDateTime").asText()).isNotEqualTo(issued.toString());
    }

    @Test
    void aDeviceGetsACertificateOnlyByEnteringTheAssignmentOfAVersionAndLosesTheOldOneWhenItsGroupIsExcluded() {
        String rootId = create(rootBody("Okta root"));
        String base = create(scepBody("Okta SCEP", rootId).toString());
        String pilot = GraphSimulator.seededGroupId("ODA Windows Pilot");
        assertThat(graph.send("POST", configurations + "/" + base + "/assign", assignBody(List.of(pilot), List.of())).statusCode()).isEqualTo(200);
        Instant issued = Instant.parse("2026-01-01T00:00:00Z");
        sandbox.graph().addDeviceCertificate(base, "PC-1", issued, issued.plus(java.time.Duration.ofDays(365)));
        sandbox.graph().addDeviceCertificate(base, "PC-2", issued, issued.plus(java.time.Duration.ofDays(365)));
        assertThat(sandbox.graph().groupMembers(pilot)).containsExactly("PC-1", "PC-2");

        String groups = sandbox.graphBaseUrl() + "/groups";
        assertThat(graph.send("POST", groups, "{\"displayName\":\"wave 1\",\"mailEnabled\":false,\"securityEnabled\":true}").statusCode())
                .as("mailNickname is required").isEqualTo(400);
        assertThat(graph.send("POST", groups, "{\"displayName\":\"wave 1\",\"mailEnabled\":true,\"mailNickname\":\"w1\","
                + "\"securityEnabled\":true}").statusCode()).as("no mail-enabled security groups through Graph").isEqualTo(400);
        HttpResponse<String> created = graph.send("POST", groups, "{\"@odata.type\":\"#microsoft.graph.group\",\"displayName\":\"wave 1\","
                + "\"description\":\"mine\",\"mailEnabled\":false,\"mailNickname\":\"w1\",\"securityEnabled\":true}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String wave = TestHttp.json(created).get("id").asText();

        String version = create(scepBody("Okta SCEP (wave 1)", rootId).toString());
        assertThat(graph.send("POST", configurations + "/" + version + "/assign", assignBody(List.of(wave), List.of())).statusCode()).isEqualTo(200);
        assertThat(sandbox.graph().deviceCertificates(version)).as("an empty group enrols nobody").isEmpty();

        JsonNode found = TestHttp.json(graph.get(sandbox.graphBaseUrl() + "/devices?$filter="
                + URLEncoder.encode("displayName eq 'pc-1'", StandardCharsets.UTF_8).replace("+", "%20") + "&$select=id,displayName")).get("value");
        assertThat(found).singleElement().satisfies(d -> assertThat(d.get("displayName").asText()).isEqualTo("PC-1"));
        String pc1 = found.get(0).get("id").asText();
        String ref = "{\"@odata.id\":\"" + sandbox.graphBaseUrl() + "/directoryObjects/" + pc1 + "\"}";
        assertThat(graph.send("POST", groups + "/" + wave + "/members/$ref", ref).statusCode()).isEqualTo(204);
        HttpResponse<String> again = graph.send("POST", groups + "/" + wave + "/members/$ref", ref);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("One or more added object references already exist");
        assertThat(graph.send("POST", groups + "/" + wave + "/members/$ref", "{\"@odata.id\":\"" + sandbox.graphBaseUrl()
                + "/directoryObjects/" + java.util.UUID.randomUUID() + "\"}").statusCode()).isEqualTo(404);
        assertThat(sandbox.graph().deviceCertificates(version)).as("PC-1 entered the version's assignment, PC-2 did not")
                .singleElement().satisfies(c -> assertThat(c.get("deviceDisplayName").asText()).isEqualTo("PC-1"));
        String newSerial = sandbox.graph().deviceCertificates(version).get(0).get("certificateSerialNumber").asText();

        String type = "\"@odata.type\":\"#microsoft.graph.windows81SCEPCertificateProfile\"";
        assertThat(graph.send("PATCH", configurations + "/" + version, "{" + type + ",\"description\":\"new words\"}").statusCode()).isEqualTo(200);
        assertThat(sandbox.graph().deviceCertificates(version)).singleElement()
                .satisfies(c -> assertThat(c.get("certificateSerialNumber").asText()).as("a description PATCH re-issues nothing").isEqualTo(newSerial));
        assertThat(graph.send("POST", configurations + "/" + version + "/assign", assignBody(List.of(wave), List.of())).statusCode()).isEqualTo(200);
        assertThat(sandbox.graph().deviceCertificates(version).get(0).get("certificateSerialNumber").asText())
                .as("the same assignment again re-issues nothing").isEqualTo(newSerial);

        assertThat(sandbox.graph().deviceCertificates(base)).hasSize(2);
        assertThat(graph.send("POST", configurations + "/" + base + "/assign", assignBody(List.of(pilot), List.of(wave))).statusCode()).isEqualTo(200);
        assertThat(sandbox.graph().deviceCertificates(base)).as("excluded, PC-1 loses the old version's certificate")
                .singleElement().satisfies(c -> assertThat(c.get("deviceDisplayName").asText()).isEqualTo("PC-2"));

        sandbox.graph().failEnrolment("PC-2", true);
        String pc2 = TestHttp.json(graph.get(sandbox.graphBaseUrl() + "/devices?$filter="
                + URLEncoder.encode("displayName eq 'PC-2'", StandardCharsets.UTF_8).replace("+", "%20"))).get("value").get(0).get("id").asText();
        HttpResponse<String> bound = graph.send("PATCH", groups + "/" + wave, "{\"members@odata.bind\":[\"" + sandbox.graphBaseUrl()
                + "/directoryObjects/" + pc2 + "\"]}");
        assertThat(bound.statusCode()).as(bound.body()).isEqualTo(204);
        assertThat(sandbox.graph().deviceCertificates(version)).filteredOn(c -> c.get("deviceDisplayName").asText().equals("PC-2"))
                .singleElement().satisfies(c -> assertThat(c.get("certificateIssuanceState").asText()).isEqualTo("issueFailed"));

        JsonNode page = TestHttp.json(graph.get(groups + "/" + wave + "/members?$top=1"));
        assertThat(page.get("value")).hasSize(1);
        assertThat(page.get("value").get(0).get("@odata.type").asText()).isEqualTo("#microsoft.graph.device");
        JsonNode next = TestHttp.json(graph.get(page.get("@odata.nextLink").asText()));
        assertThat(next.get("value")).hasSize(1);
        assertThat(next.has("@odata.nextLink")).isFalse();
        assertThat(graph.send("PATCH", groups + "/" + wave, "{\"members@odata.bind\":[\"" + sandbox.graphBaseUrl()
                + "/directoryObjects/" + pc2 + "\"]}").statusCode()).as("already a member: the whole update fails").isEqualTo(400);
    }

    private static String assignBody(List<String> include, List<String> exclude) {
        ObjectNode body = TestHttp.JSON.createObjectNode();
        var list = body.putArray("assignments");
        include.forEach(g -> list.addObject().putObject("target").put("@odata.type", "#microsoft.graph.groupAssignmentTarget").put("groupId", g));
        exclude.forEach(g -> list.addObject().putObject("target").put("@odata.type", "#microsoft.graph.exclusionGroupAssignmentTarget")
                .put("groupId", g));
        return body.toString();
    }

    @Test
    void patchWithoutOdataTypeIsRefused() {
        String rootId = create(rootBody("Okta root"));
        HttpResponse<String> response = graph.send("PATCH", configurations + "/" + rootId, "{\"description\":\"x\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(response).at("/error/message").asText()).contains("@odata.type");
    }

    @Test
    void scepCreateNeedsWhatThePortalNeeds() {
        ObjectNode body = scepBody("Okta SCEP", null);
        body.remove("scepServerUrls");
        body.remove("keyUsage");
        body.putArray("extendedKeyUsages");
        HttpResponse<String> response = graph.send("POST", configurations, body.toString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(response).at("/error/message").asText())
                .contains("rootCertificate", "scepServerUrls", "keyUsage", "extendedKeyUsages");
        assertThat(sandbox.graph().deviceConfigurations()).hasSize(1);
    }

    @Test
    void aTrustedRootBoundByAScepProfileCannotBeDeleted() {
        String rootId = create(rootBody("Okta root"));
        String scepId = create(scepBody("Okta SCEP", rootId).toString());

        HttpResponse<String> refused = graph.send("DELETE", configurations + "/" + rootId, null);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(refused).at("/error/code").asText()).isEqualTo("BadRequest");
        assertThat(TestHttp.json(refused).at("/error/message").asText()).contains(scepId);
        assertThat(TestHttp.json(refused).at("/error/innerError/request-id").asText()).isNotEmpty();
        assertThat(graph.send("DELETE", configurations + "/" + scepId, null).statusCode()).isEqualTo(204);
        assertThat(graph.send("DELETE", configurations + "/" + rootId, null).statusCode()).isEqualTo(204);
    }

    @Test
    void groupNamesMatchCaseInsensitivelyAsInEntra() {
        String filter = URLEncoder.encode("displayName eq 'oda macs'", StandardCharsets.UTF_8).replace("+", "%20");
        JsonNode body = TestHttp.json(graph.get(sandbox.graphBaseUrl() + "/groups?$filter=" + filter));
        assertThat(body.get("value")).singleElement().satisfies(g -> assertThat(g.get("displayName").asText()).isEqualTo("ODA Macs"));
    }

    @Test
    void unknownPropertyIsRefusedWithBadRequestAndNothingIsCreated() {
        ObjectNode body = scepBody("Okta SCEP", null);
        body.put("challenge", "nope");
        HttpResponse<String> response = graph.send("POST", configurations, body.toString());
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = TestHttp.json(response).get("error");
        assertThat(error.get("code").asText()).isEqualTo("BadRequest");
        assertThat(error.get("message").asText()).contains("'challenge' does not exist on type 'microsoft.graph.windows81SCEPCertificateProfile'");
        assertThat(error.at("/innerError/date").asText()).isNotEmpty();
        assertThat(sandbox.graph().deviceConfigurations()).hasSize(1);
    }

    @Test
    void badEnumValuesAreRefusedIncludingWithinFlagEnumsAndApplesSmallerSubjectSet() {
        ObjectNode keySize = scepBody("a", null).put("keySize", "size3072");
        ObjectNode flags = scepBody("b", null).put("keyUsage", "digitalSignature,nonRepudiation");
        ObjectNode mac = scepBody("c", null).put("@odata.type", "#microsoft.graph.macOSScepCertificateProfile")
                .put("subjectNameFormat", "commonNameAsAadDeviceId");
        mac.remove("keyStorageProvider");
        for (ObjectNode body : List.of(keySize, flags, mac)) {
            HttpResponse<String> response = graph.send("POST", configurations, body.toString());
            assertThat(response.statusCode()).as(body.toString()).isEqualTo(400);
            assertThat(TestHttp.json(response).at("/error/message").asText()).startsWith("Cannot convert the literal");
        }
        assertThat(sandbox.graph().deviceConfigurations()).hasSize(1);
    }

    @Test
    void listPagesWithTopAndNextLinkAndFiltersByDisplayName() {
        for (int i = 0; i < 5; i++) {
            create(rootBody("root " + i));
        }
        create(rootBody("O'Brien's root"));
        List<String> names = new ArrayList<>();
        String url = configurations + "?$top=2&$select=id,displayName";
        int pages = 0;
        while (url != null) {
            JsonNode page = TestHttp.json(graph.get(url));
            page.get("value").forEach(item -> {
                names.add(item.get("displayName").asText());
                assertThat(item.has("certFileName")).isFalse();
            });
            pages++;
            url = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
        }
        assertThat(pages).isEqualTo(4);
        assertThat(names).hasSize(7).contains(GraphSimulator.SEED_PROFILE_NAME, "O'Brien's root");

        String filter = URLEncoder.encode("displayName eq 'O''Brien''s root'", StandardCharsets.UTF_8).replace("+", "%20");
        JsonNode filtered = TestHttp.json(graph.get(configurations + "?$filter=" + filter));
        assertThat(filtered.get("value")).hasSize(1);
    }

    @Test
    void assignReplacesTheWholeSetAndRefusesUnknownGroups() {
        String rootId = create(rootBody("Okta root"));
        String pilot = GraphSimulator.seededGroupId("ODA Windows Pilot");
        String kiosks = GraphSimulator.seededGroupId("Kiosks");
        String contractors = GraphSimulator.seededGroupId("Contractors");
        String assign = configurations + "/" + rootId + "/assign";
        String first = "{\"assignments\":[{\"target\":{\"@odata.type\":\"#microsoft.graph.groupAssignmentTarget\",\"groupId\":\"" + pilot
                + "\"}},{\"target\":{\"@odata.type\":\"#microsoft.graph.exclusionGroupAssignmentTarget\",\"groupId\":\"" + kiosks + "\"}}]}";
        assertThat(graph.send("POST", assign, first).statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(graph.get(configurations + "/" + rootId + "/assignments")).get("value")).hasSize(2);

        String second = "{\"assignments\":[{\"target\":{\"@odata.type\":\"#microsoft.graph.groupAssignmentTarget\",\"groupId\":\"" + contractors + "\"}}]}";
        assertThat(graph.send("POST", assign, second).statusCode()).isEqualTo(200);
        JsonNode assignments = TestHttp.json(graph.get(configurations + "/" + rootId + "/assignments")).get("value");
        assertThat(assignments).hasSize(1);
        assertThat(assignments.get(0).at("/target/groupId").asText()).isEqualTo(contractors);

        String unknown = "{\"assignments\":[{\"target\":{\"@odata.type\":\"#microsoft.graph.groupAssignmentTarget\",\"groupId\":\"00000000-0000-0000-0000-000000000000\"}}]}";
        assertThat(graph.send("POST", assign, unknown).statusCode()).isEqualTo(400);
        assertThat(sandbox.graph().assignments(rootId)).hasSize(1);
    }

    @Test
    void groupsAreFoundByDisplayNameWithSelect() {
        String filter = URLEncoder.encode("displayName eq 'ODA Macs'", StandardCharsets.UTF_8).replace("+", "%20");
        JsonNode body = TestHttp.json(graph.get(sandbox.graphBaseUrl() + "/groups?$filter=" + filter + "&$select=id,displayName"));
        assertThat(body.get("value")).hasSize(1);
        JsonNode group = body.get("value").get(0);
        assertThat(group.get("id").asText()).isEqualTo(GraphSimulator.seededGroupId("ODA Macs"));
        assertThat(group.size()).isEqualTo(2);
    }

    @Test
    void theAppRegistrationIsServedByAppIdWithItsCredentialsAndNothingElse() {
        Instant end = Instant.parse("2027-01-31T00:00:00Z");
        sandbox.graph().addKeyCredential("signing cert", end);
        String app = sandbox.graphBaseUrl() + "/applications(appId='" + sandbox.options().clientId() + "')";

        JsonNode body = TestHttp.json(graph.get(app));
        assertThat(body.path("appId").asText()).isEqualTo(sandbox.options().clientId());
        assertThat(body.path("passwordCredentials")).singleElement().satisfies(c -> {
            assertThat(c.path("displayName").asText()).isEqualTo("scephub sandbox secret");
            assertThat(c.path("secretText").isNull()).isTrue();
            assertThat(c.has("endDateTime")).isTrue();
        });
        assertThat(body.path("keyCredentials")).singleElement().satisfies(c -> {
            assertThat(c.path("endDateTime").asText()).isEqualTo("2027-01-31T00:00:00Z");
            assertThat(c.path("key").isNull()).as("no key without $select").isTrue();
            assertThat(c.path("type").asText()).isEqualTo("AsymmetricX509Cert");
        });
        JsonNode selected = TestHttp.json(graph.get(app + "?$select=appId,passwordCredentials"));
        assertThat(selected.has("keyCredentials")).isFalse();

        assertThat(graph.get(app + "?$select=secrets").statusCode()).isEqualTo(400);
        assertThat(graph.get(sandbox.graphBaseUrl() + "/applications(appId='" + java.util.UUID.randomUUID() + "')").statusCode())
                .isEqualTo(404);
        assertThat(graph.get(sandbox.graphBaseUrl() + "/applications").statusCode()).isEqualTo(400);
        assertThat(graph.send("PATCH", app, "{}").statusCode()).isEqualTo(405);
        sandbox.graph().grantApplicationRead(false);
        HttpResponse<String> denied = graph.get(app);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(TestHttp.json(denied).at("/error/code").asText()).isEqualTo("Authorization_RequestDenied");
    }

    @Test
    void batchRunsUpToTwentyStepsAndRefusesMore() {
        String twoSteps = "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/deviceManagement/deviceConfigurations\"},"
                + "{\"id\":\"2\",\"method\":\"GET\",\"url\":\"/deviceManagement/deviceConfigurations/missing\"}]}";
        JsonNode responses = TestHttp.json(graph.send("POST", sandbox.graphBaseUrl() + "/$batch", twoSteps)).get("responses");
        assertThat(responses.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(responses.get(1).get("status").asInt()).isEqualTo(404);
        StringBuilder many = new StringBuilder("{\"requests\":[");
        for (int i = 0; i < 21; i++) {
            many.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\",\"method\":\"GET\",\"url\":\"/groups\"}");
        }
        many.append("]}");
        assertThat(graph.send("POST", sandbox.graphBaseUrl() + "/$batch", many.toString()).statusCode()).isEqualTo(400);
    }

    @Test
    void wrongSecretAndMissingTokenAreRefused() {
        SandboxOptions options = sandbox.options();
        String form = "grant_type=client_credentials&client_id=" + options.clientId()
                + "&client_secret=wrong&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default";
        HttpResponse<String> token = new TestHttp(null).send("POST", sandbox.authorityHost() + "/" + options.tenantId()
                + "/oauth2/v2.0/token", form, "application/x-www-form-urlencoded");
        assertThat(token.statusCode()).isEqualTo(401);
        assertThat(TestHttp.json(token).get("error").asText()).isEqualTo("invalid_client");
        assertThat(TestHttp.json(token).get("error_description").asText()).startsWith("AADSTS7000215");
        HttpResponse<String> anonymous = new TestHttp(null).get(configurations);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(TestHttp.json(anonymous).at("/error/code").asText()).isEqualTo("InvalidAuthenticationToken");
        assertThat(new TestHttp("Bearer made-up").get(configurations).statusCode()).isEqualTo(401);
    }

    @Test
    void seededProfileIsNotOwnedByScephub() {
        JsonNode seed = sandbox.graph().deviceConfigurations().get(0);
        assertThat(seed.get("displayName").asText()).isEqualTo(GraphSimulator.SEED_PROFILE_NAME);
        assertThat(seed.get("description").asText()).doesNotContain("[scephub:");
        assertThat(sandbox.graph().assignments(seed.get("id").asText())).hasSize(1);
    }
}
