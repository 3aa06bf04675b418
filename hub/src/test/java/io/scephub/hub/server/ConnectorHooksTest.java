package io.scephub.hub.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scephub.config.HubSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.spi.DynamicChallengeSource;
import io.scephub.core.spi.DynamicChallenges;
import io.scephub.core.spi.InboundEndpoint;
import io.scephub.core.spi.InboundEndpoints;
import io.scephub.core.spi.InboundResponse;
import io.scephub.hub.NothingConnector;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.state.StateStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connectors' vendor endpoints per tenant, replaced and removed while the server runs. */
class ConnectorHooksTest {
    static final String TOKEN = "hooks-test-token-3e1";

    @TempDir
    Path dir;

    StateStore store;
    HubServer server;
    final ConnectorHooks hooks = ConnectorHooks.empty();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        Clock clock = Clock.systemUTC();
        store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = new HubServer(new HubSettings.Listen("127.0.0.1", 0), ApiTokens.ofPlainTokens(Map.of("ops", TOKEN), Map.of()),
                ChallengeVerification.create(Optional.empty(), store, clock, metrics), store.dataSource(), metrics, clock)
                .with(hooks).start();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void aTenantsEndpointsAreServedUnderItsNameReplacedAndRemovedWithoutARestart() throws Exception {
        assertThat(hooks.mount("a", Map.of("vendor", new Answering("a, first")), state()))
                .containsExactly("POST /hooks/tenants/a/vendor/ping");
        hooks.mount("b", Map.of("vendor", new Answering("b")), state());

        assertThat(post("/hooks/tenants/a/vendor/ping", null).body()).as("no bearer token: the endpoint authenticates").isEqualTo("a, first");
        assertThat(post("/hooks/tenants/b/vendor/ping", null).body()).isEqualTo("b");
        assertThat(post("/hooks/vendor/ping", null).statusCode()).as("only the default tenant is unscoped").isEqualTo(401);

        hooks.mount("a", Map.of("vendor", new Answering("a, reloaded")), state());
        assertThat(post("/hooks/tenants/a/vendor/ping", null).body()).isEqualTo("a, reloaded");

        hooks.unmount("a");
        HttpResponse<String> gone = post("/hooks/tenants/a/vendor/ping", null);
        assertThat(gone.statusCode()).as("no longer the endpoint's: the bearer check").isEqualTo(401);
        assertThat(post("/hooks/tenants/a/vendor/ping", TOKEN).statusCode()).isEqualTo(404);
        assertThat(post("/hooks/tenants/b/vendor/ping", null).body()).as("the other tenant untouched").isEqualTo("b");
        assertThat(hooks.paths()).containsExactly("POST /hooks/tenants/b/vendor/ping");
    }

    @Test
    void theDefaultTenantIsServedUnscopedToo() throws Exception {
        ConnectorHooks single = ConnectorHooks.of(Map.of("vendor", new Answering("single")), state());
        assertThat(single.paths()).containsExactly("POST /hooks/tenants/default/vendor/ping", "POST /hooks/vendor/ping");
        hooks.mount("default", Map.of("vendor", new Answering("single")), state());
        assertThat(post("/hooks/vendor/ping", null).body()).isEqualTo("single");
        assertThat(post("/hooks/tenants/default/vendor/ping", null).body()).isEqualTo("single");
        assertThat(get("/hooks/vendor/ping").statusCode()).as("another method is no endpoint").isEqualTo(404);
    }

    @Test
    void aTenantsChallengeSourceIsHandedToTheSourceThatReplacesItAndNotAfterARemoval() {
        Identity first = new Identity();
        hooks.mount("a", Map.of("identity", first, "vendor", new Answering("a")), state());
        assertThat(first.previous).containsExactly(Optional.empty());

        Identity reloaded = new Identity();
        hooks.mount("a", Map.of("identity", reloaded, "vendor", new Answering("a")), state());
        assertThat(reloaded.previous).singleElement().satisfies(p -> assertThat(p).containsSame(first.source));
        Identity other = new Identity();
        hooks.mount("b", Map.of("identity", other), state());
        assertThat(other.previous).as("another tenant's source is not handed over").containsExactly(Optional.empty());

        hooks.unmount("a");
        Identity added = new Identity();
        hooks.mount("a", Map.of("identity", added), state());
        assertThat(added.previous).as("a tenant removed and added again starts afresh").containsExactly(Optional.empty());
    }

    @Test
    void aSmallBodyThatHasArrivedIsNeverRefusedForItsRateButATrickleStillIs() throws Exception {
        hooks.mount("a", Map.of("vendor", new Answering("a")), state());
        byte[] head = ("POST /hooks/tenants/a/vendor/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Connection: close\r\nContent-Length: 20\r\n\r\n{\"event\": ").getBytes(StandardCharsets.US_ASCII);
        // 20 bytes, the last 10 of them 0.5 s later: Jetty's rate (256 bytes/s from the first byte to the read of the
        // end) refused it as 20 bytes in 0.5 s, though nothing was left to wait for.
        RawHttp.Response small = RawHttp.exchange(server.port(), java.time.Duration.ofMillis(500), head,
                "\"ping\"}   ".getBytes(StandardCharsets.US_ASCII));
        assertThat(small.status()).as(small.raw()).isEqualTo(200);
        assertThat(small.body()).isEqualTo("a");

        byte[] large = ("POST /hooks/tenants/a/vendor/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Connection: close\r\nContent-Length: 32768\r\n\r\n{").getBytes(StandardCharsets.US_ASCII);
        byte[] aByte = " ".getBytes(StandardCharsets.US_ASCII);
        RawHttp.Response trickled = RawHttp.exchange(server.port(), java.time.Duration.ofMillis(1200), large, aByte, aByte, aByte);
        assertThat(trickled.status()).as("a large body a byte a second: the slow-loris guard").isEqualTo(408);
    }

    private static DesiredState state() {
        return new DesiredState(Map.of(), List.of());
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path))
                .POST(HttpRequest.BodyPublishers.ofString("{\"event\": \"ping\"}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.uri() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A connector with one endpoint, {@code POST /ping}, that answers {@code text}. */
    private static final class Answering extends NothingConnector implements InboundEndpoints {
        private final String text;

        Answering(String text) {
            this.text = text;
        }

        @Override
        public List<InboundEndpoint> endpoints(DesiredState state, Optional<DynamicChallengeSource> challenges) {
            return List.of(new InboundEndpoint("POST", "/ping", "test", request -> InboundResponse.text(200, text)));
        }

        public String id() {
            return "vendor";
        }
    }

    /** An identity connector whose challenge source records the source it was told it replaces. */
    private static final class Identity extends NothingConnector implements DynamicChallenges {
        final List<Optional<DynamicChallengeSource>> previous = new java.util.ArrayList<>();
        final DynamicChallengeSource source = scepUrl -> io.scephub.core.model.Secret.of("unused", "a test challenge");

        @Override
        public DynamicChallengeSource challenges(DesiredState state) {
            throw new AssertionError("the hooks hand the previous source over");
        }

        @Override
        public DynamicChallengeSource challenges(DesiredState state, Optional<DynamicChallengeSource> replaced) {
            previous.add(replaced);
            return source;
        }

        public String id() {
            return "identity";
        }
    }
}
