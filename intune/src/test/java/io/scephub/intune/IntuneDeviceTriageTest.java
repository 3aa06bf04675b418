package io.scephub.intune;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.scephub.intune.IntuneFixtures.CONFIGS;
import static io.scephub.intune.IntuneFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.microsoft.graph.beta.models.ComplianceStatus;
import io.scephub.core.check.DeliveryState;
import io.scephub.core.check.DeviceProfileStatus;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.Platform;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DeviceTriage side of the Intune connector against a WireMock Graph. */
class IntuneDeviceTriageTest {
    private static final String DEVICES = "/beta/deviceManagement/managedDevices";
    private static final String ENROLLMENT = "windows-intune";

    private WireMockServer graph;
    private IntuneConnector connector;
    private final EnrollmentSpec enrollment = IntuneFixtures.enrollment(ENROLLMENT, Platform.WINDOWS);

    @BeforeEach
    void start() {
        graph = IntuneFixtures.startGraph();
        connector = IntuneFixtures.open(graph, new TestContext());
        stubDevices("deviceName eq 'PC-1'", List.of());
        stubDevices("serialNumber eq 'PC-1'", List.of());
    }

    @AfterEach
    void stop() {
        graph.stop();
    }

    @Test
    void aDeviceFoundByNameGetsItsProfileStatusFromTheLatestReport() {
        stubDevices("deviceName eq 'PC-1'", List.of(
                device("md-old", "PC-1", "SER-1", "2027-01-01T00:00:00Z"),
                device("md-new", "PC-1", "SER-1", "2027-09-01T00:00:00Z")));
        stubOurProfile();
        stubStatuses(List.of(
                IntuneFleetTest.deviceStatus("pc-1", "2027-09-02T00:00:00Z", "error"),
                IntuneFleetTest.deviceStatus("PC-1", "2027-09-03T00:00:00Z", "compliant"),
                IntuneFleetTest.deviceStatus("PC-2", "2027-09-04T00:00:00Z", "error")));

        DeviceProfileStatus status = connector.deviceStatus("PC-1", enrollment).orElseThrow();

        assertThat(status.deviceId()).as("the record that synced last").isEqualTo("md-new");
        assertThat(status.deviceName()).isEqualTo("PC-1");
        assertThat(status.serialNumber()).contains("SER-1");
        assertThat(status.profileName()).isEqualTo("Okta Device Access SCEP (" + ENROLLMENT + ")");
        assertThat(status.state()).isEqualTo(DeliveryState.INSTALLED);
        assertThat(status.vendorStatus()).isEqualTo("compliant");
        assertThat(status.lastReported()).contains(Instant.parse("2027-09-03T00:00:00Z"));
    }

    @Test
    void aDeviceNotFoundByNameIsLookedUpBySerial() {
        stubDevices("serialNumber eq 'C02XYZ'", List.of(device("md-7", "Alice's MacBook", "C02XYZ", "2027-09-01T00:00:00Z")));
        stubDevices("deviceName eq 'C02XYZ'", List.of());
        stubOurProfile();
        stubStatuses(List.of(IntuneFleetTest.deviceStatus("Alice's MacBook", "2027-09-03T00:00:00Z", "error")));

        DeviceProfileStatus status = connector.deviceStatus("C02XYZ", enrollment).orElseThrow();

        assertThat(status.deviceId()).isEqualTo("md-7");
        assertThat(status.deviceName()).isEqualTo("Alice's MacBook");
        assertThat(status.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(status.vendorStatus()).isEqualTo("error");
    }

    @Test
    void anUnknownDeviceHasNoStatus() {
        assertThat(connector.deviceStatus("PC-1", enrollment)).isEmpty();
    }

    @Test
    void aDeviceWithoutOurProfileOrWithoutAReportSaysSo() {
        stubDevices("deviceName eq 'PC-1'", List.of(device("md-1", "PC-1", "", "2027-09-01T00:00:00Z")));
        graph.stubFor(get(urlPathEqualTo(CONFIGS)).willReturn(okJson(json(Map.of("value", List.of())))));

        DeviceProfileStatus missing = connector.deviceStatus("PC-1", enrollment).orElseThrow();

        assertThat(missing.state()).isEqualTo(DeliveryState.PROFILE_MISSING);
        assertThat(missing.serialNumber()).as("a blank serial is no serial").isEmpty();

        stubOurProfile();
        stubStatuses(List.of(IntuneFleetTest.deviceStatus("PC-2", "2027-09-04T00:00:00Z", "compliant")));

        assertThat(connector.deviceStatus("PC-1", enrollment).orElseThrow().state()).isEqualTo(DeliveryState.NO_STATUS);
    }

    @Test
    void graphComplianceStatusesMapToDeliveryStates() {
        Map<String, DeliveryState> expected = Map.of(
                "compliant", DeliveryState.INSTALLED, "remediated", DeliveryState.INSTALLED,
                "error", DeliveryState.FAILED, "nonCompliant", DeliveryState.FAILED, "conflict", DeliveryState.FAILED,
                "notApplicable", DeliveryState.NOT_APPLICABLE, "notAssigned", DeliveryState.NOT_ASSIGNED,
                "unknown", DeliveryState.PENDING);
        expected.forEach((graphValue, state) ->
                assertThat(IntuneDeviceTriage.state(ComplianceStatus.forValue(graphValue))).as(graphValue).isEqualTo(state));
        assertThat(IntuneDeviceTriage.state(null)).isEqualTo(DeliveryState.PENDING);
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private void stubDevices(String filter, List<Map<String, Object>> devices) {
        graph.stubFor(get(urlPathEqualTo(DEVICES)).withQueryParam("$filter", equalTo(filter))
                .willReturn(okJson(json(Map.of("value", devices)))));
    }

    private void stubOurProfile() {
        graph.stubFor(get(urlPathEqualTo(CONFIGS)).willReturn(okJson(json(Map.of("value", List.of(
                Map.of("@odata.type", GraphPaths.WINDOWS_SCEP, "id", "other", "displayName", "Someone else's",
                        "description", "hand-made"),
                Map.of("@odata.type", GraphPaths.WINDOWS_SCEP, "id", "scep-1",
                        "displayName", "Okta Device Access SCEP (" + ENROLLMENT + ")",
                        "description", "x\n[scephub:intune.scep-profile/" + ENROLLMENT + "]")))))));
    }

    private void stubStatuses(List<Map<String, Object>> statuses) {
        graph.stubFor(get(urlPathEqualTo(CONFIGS + "/scep-1/deviceStatuses")).willReturn(okJson(json(Map.of("value", statuses)))));
    }

    private static Map<String, Object> device(String id, String name, String serial, String lastSync) {
        return Map.of("id", id, "deviceName", name, "serialNumber", serial, "lastSyncDateTime", lastSync);
    }
}
