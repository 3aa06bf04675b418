package io.scephub.intune;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.scephub.intune.IntuneFixtures.CONFIGS;
import static io.scephub.intune.IntuneFixtures.json;
import static io.scephub.intune.IntuneFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scephub.core.model.Platform;
import io.scephub.core.renewal.DeviceCertificate;
import io.scephub.core.renewal.FleetSnapshot;
import io.scephub.core.renewal.Redistribution;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.DatedMarker;
import io.scephub.core.resource.ResourceKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CertificateFleet side of the Intune connector against a WireMock Graph. */
class IntuneFleetTest {
    private static final String STATES = CONFIGS + "/scep-1/microsoft.graph.windows81SCEPCertificateProfile/managedDeviceCertificateStates";
    private static final String ENROLLMENT = "windows-intune";
    private static final ResourceKey KEY = IntuneScepProfile.key(ENROLLMENT);
    private static final String OWNERSHIP = "[scephub:intune.scep-profile/" + ENROLLMENT + "]";
    private static final Instant PLANNED = Instant.parse("2027-10-01T00:00:00Z");

    private WireMockServer graph;
    private IntuneConnector connector;
    private final ActualResource profile = new ActualResource(KEY, "intune", "scep-1",
            Map.of(IntuneScepProfile.PLATFORM, "windows"), Map.of("id", "scep-1"), Set.of());

    @BeforeEach
    void start() {
        graph = IntuneFixtures.startGraph();
        connector = IntuneFixtures.open(graph, new TestContext());
    }

    @AfterEach
    void stop() {
        graph.stop();
    }

    @Test
    void theProfileOfAnIntuneEnrollmentIsItsScepProfile() {
        assertThat(connector.certificateProfile(IntuneFixtures.enrollment(ENROLLMENT, Platform.WINDOWS))).contains(KEY);
    }

    @Test
    void fleetFollowsEveryPageOfCertificateStatesAndLeavesOutRevokedCertificates() {
        stubProfile("Okta Device Access SCEP\n[scephub-redistributed:2027-01-02T03:04:05Z]\n" + OWNERSHIP);
        graph.stubFor(get(urlPathEqualTo(STATES)).willReturn(okJson(json(Map.of(
                "value", List.of(
                        state("st-1", "PC-1", "issued", "2026-12-01T00:00:00Z", "2027-12-01T00:00:00Z"),
                        state("st-2", "PC-2", "revoked", "2026-12-01T00:00:00Z", "2027-12-01T00:00:00Z")),
                "@odata.nextLink", graph.baseUrl() + STATES + "?$skiptoken=page-2")))));
        graph.stubFor(get(urlPathEqualTo(STATES)).withQueryParam("$skiptoken", equalTo("page-2")).willReturn(okJson(json(Map.of(
                "value", List.of(state("st-3", "PC-3", "issued", "2027-01-15T00:00:00Z", "2028-01-15T00:00:00Z")))))));
        stubDeviceStatuses(List.of(
                deviceStatus("PC-1", "2027-09-01T00:00:00Z", "compliant"),
                deviceStatus("PC-1", "2027-09-20T00:00:00Z", "compliant")));

        FleetSnapshot snapshot = connector.fleet(profile);

        assertThat(snapshot.devices()).extracting(DeviceCertificate::deviceName).containsExactly("PC-1", "PC-3");
        DeviceCertificate first = snapshot.devices().get(0);
        assertThat(first.deviceId()).as("the device name: the key Intune's lists and every profile version share").isEqualTo("PC-1");
        assertThat(first.serialNumber()).contains("serial-PC-1");
        assertThat(first.issuedAt()).contains(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(first.expiresAt()).contains(Instant.parse("2027-12-01T00:00:00Z"));
        assertThat(first.lastDelivery()).as("the latest device status report wins").contains(Instant.parse("2027-09-20T00:00:00Z"));
        assertThat(snapshot.devices().get(1).lastDelivery()).as("no status report: the certificate state's last change")
                .contains(Instant.parse("2027-01-16T00:00:00Z"));
        assertThat(snapshot.deployedAt()).contains(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(snapshot.lastRedistributedAt()).as("re-enrolment is per device: a device's new certificate is the record")
                .isEmpty();
    }

    @Test
    void theStreamedFleetReadsOnlyTheCertificateStatesWhenEachCarriesADate() {
        stubProfile("Okta Device Access SCEP\n[scephub-redistributed:2027-01-02T03:04:05Z]\n" + OWNERSHIP);
        graph.stubFor(get(urlPathEqualTo(STATES)).willReturn(okJson(json(Map.of("value", List.of(
                state("st-1", "PC-1", "issued", "2026-12-01T00:00:00Z", "2027-12-01T00:00:00Z"),
                state("st-2", "PC-2", "revoked", "2026-12-01T00:00:00Z", "2027-12-01T00:00:00Z"),
                state("st-3", "PC-3", "issued", "2027-01-15T00:00:00Z", "2028-01-15T00:00:00Z")))))));
        stubDeviceStatuses(List.of(deviceStatus("PC-1", "2027-09-20T00:00:00Z", "compliant")));
        List<DeviceCertificate> streamed = new ArrayList<>();

        FleetSnapshot history = connector.fleet(profile, streamed::add);

        assertThat(streamed).extracting(DeviceCertificate::deviceName, DeviceCertificate::issuedAt, DeviceCertificate::expiresAt)
                .containsExactly(
                        tuple("PC-1", Optional.of(Instant.parse("2026-12-01T00:00:00Z")), Optional.of(Instant.parse("2027-12-01T00:00:00Z"))),
                        tuple("PC-3", Optional.of(Instant.parse("2027-01-15T00:00:00Z")), Optional.of(Instant.parse("2028-01-15T00:00:00Z"))));
        assertThat(history.devices()).isEmpty();
        assertThat(history.deployedAt()).contains(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(history.lastRedistributedAt()).as("re-enrolment is per device: a device's new certificate is the record").isEmpty();
        graph.verify(0, getRequestedFor(urlPathEqualTo(CONFIGS + "/scep-1/deviceStatuses")));
    }

    @Test
    void theStreamedFleetTakesTheLatestStatusReportOnlyForAStateWithoutDates() {
        stubProfile("Okta Device Access SCEP\n" + OWNERSHIP);
        Map<String, Object> undated = state("st-9", "PC-9", "enrollmentPending", "2026-12-01T00:00:00Z", "2027-12-01T00:00:00Z");
        undated.remove("certificateIssuanceDateTime");
        undated.remove("certificateExpirationDateTime");
        graph.stubFor(get(urlPathEqualTo(STATES)).willReturn(okJson(json(Map.of("value", List.of(
                state("st-1", "PC-1", "issued", "2026-12-01T00:00:00Z", "2027-12-01T00:00:00Z"), undated))))));
        stubDeviceStatuses(List.of(
                deviceStatus("PC-9", "2027-09-01T00:00:00Z", "pending"),
                deviceStatus("PC-9", "2027-09-20T00:00:00Z", "pending"),
                deviceStatus("PC-1", "2027-09-25T00:00:00Z", "compliant")));
        List<DeviceCertificate> streamed = new ArrayList<>();

        connector.fleet(profile, streamed::add);

        assertThat(streamed).extracting(DeviceCertificate::deviceName, DeviceCertificate::lastDelivery).containsExactly(
                tuple("PC-1", Optional.of(Instant.parse("2026-12-02T00:00:00Z"))),
                tuple("PC-9", Optional.of(Instant.parse("2027-09-20T00:00:00Z"))));
    }

    @Test
    void withoutCertificateStatesTheDevicesLastCheckInsStandInAsDeliveries() {
        stubProfile("Okta Device Access SCEP\n" + OWNERSHIP);
        graph.stubFor(get(urlPathEqualTo(STATES)).willReturn(okJson("{\"value\":[]}")));
        stubDeviceStatuses(List.of(deviceStatus("PC-9", "2027-09-01T00:00:00Z", "pending")));

        FleetSnapshot snapshot = connector.fleet(profile);

        assertThat(snapshot.devices()).singleElement().satisfies(d -> {
            assertThat(d.deviceName()).isEqualTo("PC-9");
            assertThat(d.expiresAt()).isEmpty();
            assertThat(d.lastDelivery()).contains(Instant.parse("2027-09-01T00:00:00Z"));
        });
        assertThat(snapshot.lastRedistributedAt()).isEmpty();
    }

    @Test
    void theNewestCertificateOfADeviceAcrossTheProfileAndItsRenewalVersionsCountsAndACompleteWaveIsOwed() {
        stubProfile("Okta Device Access SCEP\n" + OWNERSHIP);
        stubListing(List.of(wave(1, "g1", false)));
        graph.stubFor(get(urlPathEqualTo(STATES)).willReturn(okJson(json(Map.of("value", List.of(
                state("st-1", "PC-1", "issued", "2026-12-01T00:00:00Z", "2027-12-01T00:00:00Z")))))));
        graph.stubFor(get(urlPathEqualTo(WAVE_STATES)).willReturn(okJson(json(Map.of("value", List.of(
                state("st-9", "pc-1", "issued", "2027-11-01T00:00:00Z", "2028-11-01T00:00:00Z")))))));
        stubDeviceStatuses(List.of());
        graph.stubFor(get(urlPathEqualTo(CONFIGS + "/wave-1/deviceStatuses")).willReturn(okJson("{\"value\":[]}")));
        graph.stubFor(get(urlPathEqualTo(GROUP_MEMBERS)).willReturn(okJson(json(Map.of("value", List.of(member("obj-1", "PC-1")))))));

        FleetSnapshot snapshot = connector.fleet(profile);

        assertThat(snapshot.devices()).singleElement().satisfies(d -> {
            assertThat(d.expiresAt()).contains(Instant.parse("2028-11-01T00:00:00Z"));
            assertThat(d.serialNumber()).contains("serial-pc-1");
        });
        assertThat(snapshot.owed()).singleElement().asString()
                .startsWith("retire the old profile version for renewal wave 1: all 1 device of group \"scephub renewal windows-intune wave 1\"");
    }

    @Test
    void redistributeAddsOnlyTheChosenDevicesNotYetInTheOpenWaveAndMakesNothingTwice() {
        stubProfile("Okta Device Access SCEP\n" + OWNERSHIP);
        stubListing(List.of(wave(1, "g1", false)));
        graph.stubFor(get(urlPathEqualTo(WAVE_STATES)).willReturn(okJson(json(Map.of("value", List.of(
                state("st-9", "PC-1", "issued", "2027-11-01T00:00:00Z", "2028-11-01T00:00:00Z")))))));
        // PC-3 joined the wave but holds nothing from it yet: the wave is not complete, nothing is retired.
        graph.stubFor(get(urlPathEqualTo(GROUP_MEMBERS)).willReturn(okJson(json(Map.of("value",
                List.of(member("obj-1", "PC-1"), member("obj-3", "PC-3")))))));
        graph.stubFor(get(urlPathEqualTo("/beta/devices")).withQueryParam("$filter", equalTo("displayName eq 'PC-1'"))
                .willReturn(okJson(json(Map.of("value", List.of(member("obj-1", "PC-1")))))));
        graph.stubFor(get(urlPathEqualTo("/beta/devices")).withQueryParam("$filter", equalTo("displayName eq 'PC-2'"))
                .willReturn(okJson(json(Map.of("value", List.of(member("obj-2", "PC-2")))))));
        graph.stubFor(patch(urlPathEqualTo("/beta/groups/g1")).willReturn(aResponse().withStatus(204)));

        connector.redistribute(profile, redistribution(PLANNED).toDevices(List.of("PC-1", "PC-2")));

        List<LoggedRequest> patches = graph.findAll(patchRequestedFor(urlPathEqualTo("/beta/groups/g1")));
        assertThat(patches).singleElement().satisfies(p -> assertThat(parse(p.getBodyAsString()).get(GraphPaths.MEMBERS_BIND))
                .singleElement().satisfies(url -> assertThat(url.asText()).endsWith("/directoryObjects/obj-2")));
        assertThat(graph.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo("/beta/groups"))))
                .as("the open wave's group is reused").isEmpty();
        assertThat(graph.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo(CONFIGS))))
                .as("the open wave's version is reused").isEmpty();
        assertThat(graph.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(".*/assign")))).as("nothing is retired or reassigned").isEmpty();
    }

    @Test
    void theMarkerIsFoundStrippedAndRewrittenWithoutTouchingTheRest() {
        String description = "Managed by scephub\n[scephub-redistributed:2027-01-01T00:00:00Z]\n" + OWNERSHIP;

        assertThat(DatedMarker.REDISTRIBUTED.find(description)).contains(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(DatedMarker.REDISTRIBUTED.strip(description)).isEqualTo("Managed by scephub\n" + OWNERSHIP);
        assertThat(DatedMarker.REDISTRIBUTED.with("Managed by scephub\n[scephub-redistributed:2027-01-01T00:00:00Z]", PLANNED))
                .isEqualTo("Managed by scephub\n[scephub-redistributed:" + PLANNED + "]");
        assertThat(DatedMarker.REDISTRIBUTED.with("", PLANNED)).isEqualTo("[scephub-redistributed:" + PLANNED + "]");
    }

    @Test
    void anUnreadableOrAbsentMarkerCountsAsNoRecordAndTheLastReadableOneWins() {
        assertThat(DatedMarker.REDISTRIBUTED.find(null)).isEmpty();
        assertThat(DatedMarker.REDISTRIBUTED.find("no marker here")).isEmpty();
        assertThat(DatedMarker.REDISTRIBUTED.find("x\n[scephub-redistributed:last-tuesday]")).isEmpty();
        assertThat(DatedMarker.REDISTRIBUTED.find("[scephub-redistributed:2027-01-01T00:00:00Z]\n[scephub-redistributed:garbage]"
                + "\n[scephub-redistributed:2027-02-01T00:00:00Z]")).contains(Instant.parse("2027-02-01T00:00:00Z"));
        assertThat(DatedMarker.REDISTRIBUTED.strip(null)).isEmpty();
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static Redistribution redistribution(Instant plannedAt) {
        return new Redistribution(ENROLLMENT, KEY, 2, Instant.parse("2027-10-20T00:00:00Z"), Instant.parse("2027-10-21T00:00:00Z"),
                1, 1, 1, plannedAt);
    }

    private void stubProfile(String description) {
        stubListing(List.of());
        Map<String, Object> scep = new LinkedHashMap<>();
        scep.put("@odata.type", GraphPaths.WINDOWS_SCEP);
        scep.put("id", "scep-1");
        scep.put("lastModifiedDateTime", "2026-11-25T10:00:00Z");
        scep.put("displayName", "Okta Device Access SCEP (" + ENROLLMENT + ")");
        scep.put("description", description);
        graph.stubFor(get(urlPathEqualTo(CONFIGS + "/scep-1")).willReturn(okJson(json(scep))));
    }

    private static final String WAVE_STATES = CONFIGS + "/wave-1/microsoft.graph.windows81SCEPCertificateProfile/managedDeviceCertificateStates";
    private static final String GROUP_MEMBERS = "/beta/groups/g1/members";

    /** The listing: the enrollment's profile (assigned to a pilot group) and the given renewal versions. */
    private void stubListing(List<Map<String, Object>> waves) {
        List<Map<String, Object>> value = new java.util.ArrayList<>();
        value.add(Map.of("@odata.type", GraphPaths.WINDOWS_SCEP, "id", "scep-1", "displayName", "Okta Device Access SCEP",
                "description", "Okta Device Access SCEP\n" + OWNERSHIP, "assignments", List.of(target(GraphPaths.GROUP_TARGET, "pilot"))));
        value.addAll(waves);
        graph.stubFor(get(urlPathEqualTo(CONFIGS)).willReturn(okJson(json(Map.of("value", value)))));
        // The wave groups by name prefix (the fleet tells wave groups from the enrollment's own): none besides the versions'.
        graph.stubFor(get(urlPathEqualTo("/beta/groups")).withQueryParam("$filter", com.github.tomakehurst.wiremock.client.WireMock
                .equalTo("startswith(displayName,'scephub renewal ')")).willReturn(okJson("{\"value\":[]}")));
        // The enrollment's own group holds every device these tests name: all of them are still the enrollment's.
        graph.stubFor(get(urlPathEqualTo("/beta/groups/pilot/members")).willReturn(okJson(json(Map.of("value",
                List.of(member("obj-1", "PC-1"), member("obj-2", "PC-2"), member("obj-3", "PC-3"), member("obj-9", "PC-9")))))));
    }

    private static Map<String, Object> wave(int number, String groupId, boolean retired) {
        return Map.of("@odata.type", GraphPaths.WINDOWS_SCEP, "id", "wave-" + number,
                "displayName", "Okta Device Access SCEP (renewal wave " + number + ")",
                "description", "New version\n[scephub:intune.renewal-wave/" + ENROLLMENT + ".w" + number + "]",
                "assignments", List.of(target(GraphPaths.GROUP_TARGET, groupId)));
    }

    private static Map<String, Object> target(String type, String groupId) {
        return Map.of("id", "a-" + groupId, "target", Map.of("@odata.type", type, "groupId", groupId));
    }

    private static Map<String, Object> member(String id, String name) {
        return Map.of("@odata.type", "#microsoft.graph.device", "id", id, "displayName", name);
    }

    private void stubDeviceStatuses(List<Map<String, Object>> statuses) {
        graph.stubFor(get(urlPathEqualTo(CONFIGS + "/scep-1/deviceStatuses")).willReturn(okJson(json(Map.of("value", statuses)))));
    }

    private static Map<String, Object> state(String id, String device, String issuance, String issued, String expires) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("deviceDisplayName", device);
        state.put("certificateIssuanceState", issuance);
        state.put("certificateSerialNumber", "serial-" + device);
        state.put("certificateIssuanceDateTime", issued);
        state.put("certificateExpirationDateTime", expires);
        state.put("lastCertificateStateChangeDateTime", Instant.parse(issued).plusSeconds(86_400).toString());
        return state;
    }

    static Map<String, Object> deviceStatus(String device, String reported, String status) {
        return Map.of("id", "ds-" + device + "-" + reported, "deviceDisplayName", device, "lastReportedDateTime", reported,
                "status", status);
    }
}
