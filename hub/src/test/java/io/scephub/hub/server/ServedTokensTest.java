package io.scephub.hub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scephub.config.EnvFileSecrets;
import io.scephub.config.HubSettings;
import io.scephub.core.model.SecretRef;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.state.StateStore;
import io.scephub.hub.sync.SyncRuns;
import io.scephub.hub.sync.SyncScheduler;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * serve's API tokens follow the files behind their references: a rotated file swaps the whole set at the next reload
 * tick ({@link ServedTokens#refresh}, called here directly), a tenant-restricted token stays restricted, a set that does
 * not resolve keeps the old one (logged once, shown in the metrics), and no token or digest shows anywhere.
 */
class ServedTokensTest {
    private static final String OPS = "canary-ops-token-first-3b9e";
    private static final String OPS_ROTATED = "canary-ops-token-rotated-a71c";
    private static final String HELPDESK = "canary-helpdesk-token-first-58d2";
    private static final String HELPDESK_ROTATED = "canary-helpdesk-token-rotated-0f6a";
    /** Every value that must never be shown: the tokens and the digests scephub reads. */
    private static final List<String> CANARIES = List.of(OPS, OPS_ROTATED, HELPDESK, HELPDESK_ROTATED,
            hex(OPS), hex(OPS_ROTATED), hex(HELPDESK), hex(HELPDESK_ROTATED));

    @TempDir
    Path dir;

    StateStore store;
    HubServer server;
    PrometheusMeterRegistry metrics;
    ServedTokens served;
    Path opsFile;
    Path helpdeskFile;
    final List<HubSettings.ApiToken> tokens = List.of(
            new HubSettings.ApiToken("ops", reference("tokens/ops.sha256")),
            new HubSettings.ApiToken("helpdesk", reference("tokens/helpdesk.sha256"), List.of("a")));
    final HttpClient http = HttpClient.newHttpClient();
    final List<String> shown = new ArrayList<>();
    ListAppender<ILoggingEvent> logs;
    Logger root;

    @BeforeEach
    void start() throws Exception {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        opsFile = Files.createDirectories(dir.resolve("tokens")).resolve("ops.sha256");
        helpdeskFile = dir.resolve("tokens/helpdesk.sha256");
        Files.writeString(opsFile, hex(OPS) + "\n");
        Files.writeString(helpdeskFile, hex(HELPDESK) + "\n");

        Clock clock = Clock.systemUTC();
        store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir);
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        served = new ServedTokens(new EnvFileSecrets(Map.of(), dir), "scephub.yaml", metrics);
        Map<String, HubServer.TenantEndpoints> tenants = new LinkedHashMap<>();
        for (String tenant : List.of("a", "b")) {
            tenants.put(tenant, new HubServer.TenantEndpoints(SyncScheduler.clientOnly(store.dataSource(),
                    new SyncRuns(store.dataSource(), clock, tenant), clock), null));
        }
        server = new HubServer(new HubSettings.Listen("127.0.0.1", 0), served.first(tokens),
                ChallengeVerification.create(Optional.empty(), store, clock, metrics), store.dataSource(), metrics, clock)
                .withTenants(tenants).start();
    }

    @AfterEach
    void stop() {
        root.detachAppender(logs);
        server.close();
        store.close();
    }

    @Test
    void aRotatedTokenFileAnswers401ForTheOldToken200ForTheNewOneAndKeepsTheTenantScope() throws Exception {
        assertThat(status("/api/v1/tenants/a/syncs", OPS)).isEqualTo(200);
        assertThat(served.refresh(tokens, server)).as("nothing changed").isFalse();

        Files.writeString(opsFile, hex(OPS_ROTATED) + "\n");
        Files.writeString(helpdeskFile, hex(HELPDESK_ROTATED));
        assertThat(served.refresh(tokens, server)).isTrue();

        assertThat(status("/api/v1/tenants/a/syncs", OPS)).as("the old ops token").isEqualTo(401);
        assertThat(status("/api/v1/tenants/a/syncs", HELPDESK)).as("the old helpdesk token").isEqualTo(401);
        assertThat(status("/api/v1/tenants/a/syncs", OPS_ROTATED)).isEqualTo(200);
        assertThat(status("/api/v1/tenants/b/syncs", OPS_ROTATED)).isEqualTo(200);
        assertThat(status("/api/v1/tenants/a/syncs", HELPDESK_ROTATED)).isEqualTo(200);
        assertThat(status("/api/v1/tenants/b/syncs", HELPDESK_ROTATED)).as("helpdesk is still a's only").isEqualTo(403);
        assertThat(served.refresh(tokens, server)).as("the rotated values are served already").isFalse();
        assertThat(gauge()).isEqualTo(0.0);
        assertNothingShown();
    }

    @Test
    void aTokenSetThatDoesNotResolveKeepsTheOldOneWholeLogsWhereOnceAndShowsInTheMetrics() throws Exception {
        // ops rotated correctly, but helpdesk's file now holds the token itself: neither is taken.
        Files.writeString(opsFile, hex(OPS_ROTATED));
        Files.writeString(helpdeskFile, HELPDESK_ROTATED + "\n");
        assertThat(served.refresh(tokens, server)).isFalse();
        assertThat(served.refresh(tokens, server)).as("the same failure at the next tick").isFalse();

        assertThat(status("/api/v1/tenants/a/syncs", OPS)).as("the old set stays whole").isEqualTo(200);
        assertThat(status("/api/v1/tenants/a/syncs", HELPDESK)).isEqualTo(200);
        assertThat(status("/api/v1/tenants/b/syncs", HELPDESK)).isEqualTo(403);
        assertThat(status("/api/v1/tenants/a/syncs", OPS_ROTATED)).isEqualTo(401);
        assertThat(status("/api/v1/tenants/a/syncs", HELPDESK_ROTATED)).isEqualTo(401);
        assertThat(gauge()).isEqualTo(1.0);
        assertThat(failures()).singleElement().asString()
                .contains("file=scephub.yaml", "server.tokens[1].sha256", "token helpdesk", "${file:tokens/helpdesk.sha256}",
                        "64 hex characters");

        // A file gone is another failure, named as such.
        Files.delete(helpdeskFile);
        assertThat(served.refresh(tokens, server)).isFalse();
        assertThat(failures()).hasSize(2).last().asString()
                .contains("server.tokens[1].sha256", "${file:tokens/helpdesk.sha256}", "does not exist");
        assertThat(status("/api/v1/tenants/a/syncs", OPS)).isEqualTo(200);

        Files.writeString(helpdeskFile, hex(HELPDESK_ROTATED));
        assertThat(served.refresh(tokens, server)).as("fixed: the whole new set").isTrue();
        assertThat(gauge()).isEqualTo(0.0);
        assertThat(status("/api/v1/tenants/a/syncs", OPS)).isEqualTo(401);
        assertThat(status("/api/v1/tenants/a/syncs", OPS_ROTATED)).isEqualTo(200);
        assertThat(status("/api/v1/tenants/a/syncs", HELPDESK_ROTATED)).isEqualTo(200);
        assertNothingShown();
    }

    @Test
    void aSetThatDoesNotResolveAtStartStopsServeNamingTheFieldNotTheValue() throws Exception {
        Files.writeString(opsFile, OPS + "\n");
        ServedTokens fresh = new ServedTokens(new EnvFileSecrets(Map.of(), dir), "scephub.yaml",
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        assertThatThrownBy(() -> fresh.first(tokens)).satisfies(e -> shown.add(e.getMessage()))
                .hasMessageContaining("server.tokens[0].sha256 (token ops)").hasMessageContaining("${file:tokens/ops.sha256}");
        assertNothingShown();
    }

    private List<String> failures() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("server_tokens_not_reloaded")).toList();
    }

    private double gauge() {
        return metrics.get(ServedTokens.RELOAD_FAILED).gauge().value();
    }

    /** The canary check: logs, problem bodies, metrics and messages seen in the test hold no token and no digest. */
    private void assertNothingShown() {
        logs.list.forEach(e -> shown.add(e.getFormattedMessage()));
        shown.add(metrics.scrape());
        shown.add(server.toString());
        assertThat(shown).isNotEmpty();
        for (String text : shown) {
            for (String canary : CANARIES) {
                assertThat(text).doesNotContain(canary);
            }
        }
    }

    private int status(String path, String bearer) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(server.uri().resolve(path))
                .header("Authorization", "Bearer " + bearer).GET().build(), HttpResponse.BodyHandlers.ofString());
        shown.add(answer.body());
        return answer.statusCode();
    }

    private static HubSettings.TokenDigest reference(String file) {
        return new HubSettings.TokenDigest.Reference(new SecretRef(SecretRef.Source.FILE, file));
    }

    private static String hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
