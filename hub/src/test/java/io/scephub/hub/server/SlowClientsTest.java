package io.scephub.hub.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scephub.config.HubSettings;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.state.StateStore;
import io.scephub.hub.sync.SyncRuns;
import io.scephub.hub.sync.SyncScheduler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 300 authenticated clients that send their request body a byte every 3 s: while they are
 * connected {@code /healthz} and {@code /readyz} keep answering, the slow clients are answered
 * 408 or 429 (never a 5xx, never left hanging), and the API serves normal requests again after.
 */
class SlowClientsTest {
    static final String API_TOKEN = "slow-api-token-5e21";
    static final int SLOW_CLIENTS = 300;
    static final Duration BYTE_EVERY = Duration.ofSeconds(3);
    /** A correctness bound, not a benchmark: a stalled server never answers; a working one answers in milliseconds. */
    static final Duration HEALTH_ANSWERS_WITHIN = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void slowBodiesCannotStallHealthReadinessOrTheApi() throws Exception {
        Clock clock = Clock.systemUTC();
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir)) {
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            SyncRuns runs = new SyncRuns(store.dataSource(), clock);
            try (HubServer server = new HubServer(new HubSettings.Listen("127.0.0.1", 0),
                    ApiTokens.ofPlainTokens(Map.of("slow", API_TOKEN)), ChallengeVerification.create(Optional.empty(), store, clock, metrics),
                    store.dataSource(), metrics, clock, HubServer.DEFAULT_MAX_BODY_BYTES,
                    SyncScheduler.clientOnly(store.dataSource(), runs, clock)).start()) {
                List<Socket> slow = new ArrayList<>();
                try {
                    byte[] head = ("POST /api/v1/syncs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + API_TOKEN
                            + "\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{").getBytes(StandardCharsets.US_ASCII);
                    for (int i = 0; i < SLOW_CLIENTS; i++) {
                        Socket socket = new Socket();
                        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
                        socket.getOutputStream().write(head);
                        socket.getOutputStream().flush();
                        slow.add(socket);
                    }
                    HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_ANSWERS_WITHIN).build();
                    Instant until = Instant.now().plus(BYTE_EVERY.multipliedBy(5));
                    int checks = 0;
                    while (Instant.now().isBefore(until)) {
                        for (Socket socket : slow) {
                            trickle(socket);
                        }
                        assertThat(get(http, server.uri().resolve("/healthz"))).as("/healthz while %d slow clients send", SLOW_CLIENTS)
                                .isEqualTo(200);
                        assertThat(get(http, server.uri().resolve("/readyz"))).as("/readyz while %d slow clients send", SLOW_CLIENTS)
                                .isEqualTo(200);
                        checks++;
                        Thread.sleep(BYTE_EVERY.toMillis());
                    }
                    assertThat(checks).isGreaterThanOrEqualTo(3);

                    Map<Integer, Integer> answers = new TreeMap<>();
                    for (Socket socket : slow) {
                        answers.merge(status(socket), 1, Integer::sum);
                    }
                    assertThat(answers.keySet()).as("what the slow clients were answered: %s", answers).containsAnyOf(408, 429)
                            .allMatch(s -> s == 408 || s == 429);
                    System.out.println(SLOW_CLIENTS + " slow clients: answers " + answers + "; /healthz and /readyz answered " + checks
                            + " times each while they were connected");
                } finally {
                    for (Socket socket : slow) {
                        socket.close();
                    }
                }
                HttpResponse<String> normal = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri().resolve("/api/v1/syncs"))
                        .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json")
                        .timeout(HEALTH_ANSWERS_WITHIN).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(normal.statusCode()).as(normal.body()).isEqualTo(202);
            }
        }
    }

    /** One more byte of the body (spaces keep it valid JSON); a client the server has already answered stops sending. */
    private static void trickle(Socket socket) {
        try {
            socket.getOutputStream().write(' ');
            socket.getOutputStream().flush();
        } catch (IOException e) {
            // Answered and closed by the server: nothing more to send.
        }
    }

    private static int get(HttpClient http, URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(HEALTH_ANSWERS_WITHIN).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    /** The status the server answered on {@code socket}; 0 when it has said nothing within 30 s. */
    private static int status(Socket socket) throws IOException {
        socket.setSoTimeout(30_000);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] chunk = new byte[4096];
        try {
            for (int n; (n = in.read(chunk)) != -1 && !received.toString(StandardCharsets.ISO_8859_1).contains("\r\n"); ) {
                received.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // Nothing (more) came: decided below by what did.
        }
        String text = received.toString(StandardCharsets.ISO_8859_1);
        return text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : 0;
    }
}
