package io.scephub.hub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scephub.config.HubSettings;
import io.scephub.config.NotificationEvent;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.notify.Delivery;
import io.scephub.hub.notify.Notice;
import io.scephub.hub.notify.NotificationLog;
import io.scephub.hub.state.StateStore;
import io.scephub.hub.sync.SyncQueue;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/notifications}: what became of each notification, from the store. */
class NotificationsEndpointTest {
    private static final String TOKEN = "notifications-api-token-4b2d";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private StateStore store;
    private HubServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        Clock clock = Clock.systemUTC();
        store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = new HubServer(new HubSettings.Listen("127.0.0.1", 0), ApiTokens.ofPlainTokens(Map.of("ci", TOKEN)),
                ChallengeVerification.create(Optional.empty(), store, clock, metrics), store.dataSource(), metrics, clock,
                HubServer.DEFAULT_MAX_BODY_BYTES, SyncQueue.unavailable()).start();
        NotificationLog log = new NotificationLog(store.dataSource(), clock);
        Notice failed = Notice.of(NotificationEvent.SYNC_FAILED, Instant.now(), "run-7", "scephub sync failed", "t",
                JSON.createObjectNode());
        log.pending(failed, "siem");
        log.attempted(failed.id(), "siem", 4, Delivery.Status.FAILED, OptionalInt.of(503), Optional.of("HTTP 503"));
        Notice delivered = Notice.of(NotificationEvent.DRIFT, Instant.now(), "run-8", "scephub drift: 1 resource(s)", "t",
                JSON.createObjectNode());
        log.pending(delivered, "ops-slack");
        log.attempted(delivered.id(), "ops-slack", 1, Delivery.Status.DELIVERED, OptionalInt.of(200), Optional.empty());
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(pathAndQuery)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void failedNotificationsAreListedWithTheirAttemptsStatusAndError() throws Exception {
        HttpResponse<String> response = get("/api/v1/notifications?status=failed", TOKEN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode list = JSON.readTree(response.body()).path("notifications");
        assertThat(list).singleElement().satisfies(n -> {
            assertThat(n.path("target").asText()).isEqualTo("siem");
            assertThat(n.path("event").asText()).isEqualTo("sync-failed");
            assertThat(n.path("subject").asText()).isEqualTo("run-7");
            assertThat(n.path("status").asText()).isEqualTo("failed");
            assertThat(n.path("attempts").asInt()).isEqualTo(4);
            assertThat(n.path("lastHttpStatus").asInt()).isEqualTo(503);
            assertThat(n.path("lastError").asText()).isEqualTo("HTTP 503");
        });
        assertThat(JSON.readTree(get("/api/v1/notifications", TOKEN).body()).path("notifications")).hasSize(2);
    }

    @Test
    void badParametersAndMissingTokensAreRefused() throws Exception {
        assertThat(get("/api/v1/notifications?status=lost", TOKEN).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/notifications?limit=0", TOKEN).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/notifications?limit=101", TOKEN).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/notifications?colour=red", TOKEN).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/notifications", "wrong").statusCode()).isEqualTo(401);
    }
}
