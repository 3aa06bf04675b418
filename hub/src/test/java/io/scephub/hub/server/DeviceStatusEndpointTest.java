package io.scephub.hub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scephub.config.HubSettings;
import io.scephub.core.check.DeliveryState;
import io.scephub.core.devices.CertificateState;
import io.scephub.core.devices.DeviceStatus;
import io.scephub.core.devices.DeviceStatusReader;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.devices.DeviceStatusFeed;
import io.scephub.hub.state.StateStore;
import io.scephub.hub.sync.SyncQueue;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/devices}: the per-device status stream over REST. */
class DeviceStatusEndpointTest {
    private static final String TOKEN = "devices-api-token-77c1";
    private static final Instant EXPIRES = Instant.parse("2027-03-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private StateStore store;
    private HubServer server;
    private final AtomicReference<Optional<String>> asked = new AtomicReference<>();
    private final HttpClient http = HttpClient.newHttpClient();

    private final DeviceStatusFeed feed = (enrollment, writer) -> {
        asked.set(enrollment);
        if (enrollment.equals(Optional.of("nope"))) {
            throw new DeviceStatusReader.UnknownEnrollment("nope", List.of("win"));
        }
        for (int i = 0; i < 3; i++) {
            writer.device(new DeviceStatus("win", "intune", "id-" + i, "PC-" + i, Optional.empty(), DeliveryState.INSTALLED,
                    "compliant", Optional.empty(), Optional.of(new CertificateState(Optional.of("issued"), Optional.empty(),
                    Optional.of(EXPIRES), Optional.of("AB" + i), Optional.of("0" + i), Optional.empty())), ""));
        }
        if (enrollment.equals(Optional.of("breaks"))) {
            writer.fail("VENDOR_ERROR", "intune: 503 on page 2");
            return false;
        }
        writer.finish();
        return true;
    };

    @BeforeEach
    void start() {
        Clock clock = Clock.fixed(EXPIRES, ZoneOffset.UTC);
        store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = new HubServer(new HubSettings.Listen("127.0.0.1", 0), ApiTokens.ofPlainTokens(Map.of("ci", TOKEN)),
                ChallengeVerification.create(Optional.empty(), store, clock, metrics), store.dataSource(), metrics, clock,
                HubServer.DEFAULT_MAX_BODY_BYTES, SyncQueue.unavailable(), feed).start();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(pathAndQuery)).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listsEveryDeviceOfTheEnrollmentAsJson() throws Exception {
        HttpResponse<String> response = get("/api/v1/devices?enrollment=win");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        assertThat(asked.get()).contains("win");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("count").asInt()).isEqualTo(3);
        assertThat(body.get("devices")).hasSize(3);
        JsonNode first = body.get("devices").get(0);
        assertThat(first.get("device_name").asText()).isEqualTo("PC-0");
        assertThat(first.get("delivery").asText()).isEqualTo("installed");
        assertThat(first.get("certificate").get("expires").asText()).isEqualTo(EXPIRES.toString());
        assertThat(first.get("certificate").get("thumbprint").asText()).isEqualTo("AB0");
    }

    @Test
    void csvHasAHeaderAndOneRowPerDevice() throws Exception {
        HttpResponse<String> response = get("/api/v1/devices?format=csv");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/csv"));
        assertThat(asked.get()).isEmpty();
        List<String> lines = response.body().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("enrollment,mdm,device_id,device_name");
        assertThat(lines.get(2)).startsWith("win,intune,id-1,PC-1,,installed,compliant,,issued,,2027-03-01T00:00:00Z,AB1,01,,");
    }

    @Test
    void anUnknownEnrollmentIs422AndAnUnknownParameterOrFormat400() throws Exception {
        HttpResponse<String> unknown = get("/api/v1/devices?enrollment=nope");
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(unknown.body()).get("detail").asText()).contains("\"nope\"").contains("win");
        assertThat(get("/api/v1/devices?page=2").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/devices?format=xml").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/devices?format=text").statusCode()).isEqualTo(400);
    }

    @Test
    void aReadFailingPartWayEndsTheDocumentWithTheError() throws Exception {
        HttpResponse<String> response = get("/api/v1/devices?enrollment=breaks");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("devices")).hasSize(3);
        assertThat(body.get("error").get("code").asText()).isEqualTo("VENDOR_ERROR");
        assertThat(body.has("count")).isFalse();
    }

    @Test
    void needsAToken() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/v1/devices")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(asked.get()).isNull();
    }
}
