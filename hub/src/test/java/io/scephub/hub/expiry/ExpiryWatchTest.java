package io.scephub.hub.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scephub.config.ScephubConfig;
import io.scephub.core.expiry.CredentialExpiry;
import io.scephub.core.http.Backoff;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.fixtures.TestPki;
import io.scephub.hub.Hub;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.cli.ScephubCommand;
import io.scephub.hub.notify.DeliveryPolicy;
import io.scephub.hub.notify.NotificationLog;
import io.scephub.hub.notify.WebhookReceiver;
import io.scephub.hub.notify.WebhookSignature;
import io.scephub.hub.state.StateStore;
import io.scephub.sandbox.Sandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The expiry watch against the sandbox's Graph: doctor, the gauges and the expiry notices. */
@ExtendWith(SandboxExtension.class)
class ExpiryWatchTest {
    static final String HOOK_KEY = "expiry-hook-key-canary-8e21";
    static final ObjectMapper JSON = new ObjectMapper();
    static Sandbox sandbox;

    @TempDir
    Path dir;

    Path configFile;
    HubEnvironment env;
    WebhookReceiver receiver;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    @BeforeEach
    void setUp() throws Exception {
        sandbox.reset();
        receiver = WebhookReceiver.accepting();
        configFile = dir.resolve("scephub.yaml");
        env = new HubEnvironment(Map.of("OKTA_API_TOKEN", sandbox.options().oktaApiToken(),
                "GRAPH_CLIENT_SECRET", sandbox.options().clientSecret(), "HOOK_URL", receiver.url(), "HOOK_KEY", HOOK_KEY,
                "USER", "tester"), dir, Clock.systemUTC());
        writeConfig("");
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void doctorWithoutADeviceShowsTheAppSecretsAndCertificatesWithTheirState() throws Exception {
        Instant now = Instant.now();
        sandbox.graph().addPasswordCredential("rotating secret", now.plus(Duration.ofDays(10)));
        sandbox.graph().addKeyCredential("signing cert", now.plus(Duration.ofDays(400)));

        Result text = doctor();
        Result json = doctor("--output", "json");

        assertThat(text.code()).as(text.out()).isZero();
        assertThat(text.out()).contains("Expiry watch (warns 30 days ahead)")
                .containsPattern("WARN +client-secret +scephub \\(sandbox\\) · rotating secret +expires .* \\(9 days\\)")
                .containsPattern("OK +client-certificate +scephub \\(sandbox\\) · signing cert")
                .containsPattern("OK +client-secret +scephub \\(sandbox\\) · scephub sandbox secret");
        JsonNode expiry = JSON.readTree(json.out()).path("expiry");
        assertThat(expiry).anySatisfy(c -> {
            assertThat(c.path("kind").asText()).isEqualTo("client-secret");
            assertThat(c.path("state").asText()).isEqualTo("expiring");
            assertThat(c.path("daysLeft").asDouble()).isEqualTo(9.0);
            assertThat(c.path("source").asText()).isEqualTo("Graph application passwordCredentials");
        });
        assertThat(text.out() + json.out()).doesNotContain(sandbox.options().clientSecret()).doesNotContain("\"hint\"");
    }

    @Test
    void withoutApplicationReadAllTheAppCredentialsAreUnknownAndDoctorStillPasses() throws Exception {
        sandbox.graph().grantApplicationRead(false);

        Result text = doctor();

        assertThat(text.code()).as(text.out()).isZero();
        assertThat(text.out()).containsPattern("UNKNOWN +client-secret +app registration " + sandbox.options().clientId()
                + " +unknown \\(needs Application.Read.All\\)");
    }

    @Test
    void anExpiredCustomCaOrSignerRootFailsDoctorAndShowsWhatItIs() throws Exception {
        Instant now = Instant.now();
        Files.writeString(dir.resolve("signer-root.pem"), pem(certificate("CN=Old Challenge Root", now.minus(Duration.ofDays(2)))));
        writeConfig("""
                delegatedChallenge:
                  signers:
                    - issuer: "intune:%s"
                      audience: "okta-scep:windows-delegated"
                      algorithms: [ES256]
                      trustAnchors: [signer-root.pem]
                """.formatted(sandbox.options().tenantId()));

        Result text = doctor();

        assertThat(text.code()).as(text.out()).isEqualTo(3);
        assertThat(text.out()).containsPattern("FAIL +challenge-signer +CN=Old Challenge Root +expired ")
                .contains("challenge-signer/0/0 from delegatedChallenge.signers[0]");
    }

    @Test
    void theMonitorFillsTheGaugesAndSendsOneSignedExpiryNoticeADay() throws Exception {
        Instant now = Instant.now();
        sandbox.graph().addPasswordCredential("rotating secret", now.plus(Duration.ofDays(10)));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ScephubConfig config;
        try (Hub hub = Hub.create(env)) {
            config = hub.load(configFile);
        }
        StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), config.hub().state().dataDir());
        try (Hub hub = Hub.create(env)) {
            NotificationLog log = new NotificationLog(store.dataSource(), env.clock());
            ExpiryMonitor monitor = new ExpiryMonitor(hub, configFile, Optional.of(ExpiryGauges.register(registry, env.clock())), log,
                    new DeliveryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(5), new Backoff(Duration.ofMillis(50), Duration.ofMillis(100))),
                    env.clock());

            List<CredentialExpiry> found = monitor.check();
            monitor.check();

            assertThat(found).hasSize(2);
            String scrape = registry.scrape();
            assertThat(scrape).containsPattern("scephub_credential_expiry_days\\{credential=\"intune.client-secret/[0-9a-f-]{36}\","
                    + "kind=\"client-secret\"} 9\\.9");
            assertThat(receiver.received()).singleElement().satisfies(hook -> {
                assertThatCode(() -> WebhookSignature.verify(HOOK_KEY.getBytes(StandardCharsets.UTF_8),
                        hook.headers().get("x-scephub-signature"), hook.body(), Instant.now(), WebhookSignature.TOLERANCE))
                        .doesNotThrowAnyException();
                JsonNode body = JSON.readTree(hook.body());
                assertThat(body.path("type").asText()).isEqualTo("expiry");
                assertThat(body.at("/data/credential/kind").asText()).isEqualTo("client-secret");
                assertThat(body.at("/data/credential/daysLeft").asInt()).isEqualTo(9);
                assertThat(new String(hook.body(), StandardCharsets.UTF_8)).doesNotContain(sandbox.options().clientSecret())
                        .doesNotContain(HOOK_KEY);
            });
        } finally {
            store.close();
        }
    }

    @Test
    void withoutServeDoctorAndSyncRaiseTheDueExpiryNoticeOnceADayAcrossInstances() throws Exception {
        sandbox.graph().addPasswordCredential("rotating secret", Instant.now().plus(Duration.ofDays(10)));

        Result first = doctor();
        Result again = doctor();
        var cl = ScephubCommand.commandLine(env);
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        int sync = cl.execute("sync", "--config", configFile.toString());
        ScephubConfig config;
        try (Hub hub = Hub.create(env)) {
            config = hub.load(configFile);
        }
        try (Hub hub = Hub.create(env);
             StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), config.hub().state().dataDir())) {
            // serve's hourly watch on another instance over the same store, the same day
            new ExpiryMonitor(hub, configFile, Optional.empty(), new NotificationLog(store.dataSource(), env.clock()), DeliveryPolicy.DEFAULT,
                    env.clock()).check();
            assertThat(new NotificationLog(store.dataSource(), env.clock()).recent(10, Optional.empty()))
                    .singleElement().satisfies(d -> {
                        assertThat(d.event()).isEqualTo("expiry");
                        assertThat(d.status()).isEqualTo(io.scephub.hub.notify.Delivery.Status.DELIVERED);
                    });
        }

        assertThat(first.code()).as(first.out()).isZero();
        assertThat(again.code()).isZero();
        assertThat(sync).isZero();
        assertThat(receiver.received()).singleElement().satisfies(hook -> {
            assertThat(JSON.readTree(hook.body()).path("type").asText()).isEqualTo("expiry");
            assertThatCode(() -> WebhookSignature.verify(HOOK_KEY.getBytes(StandardCharsets.UTF_8),
                    hook.headers().get("x-scephub-signature"), hook.body(), Instant.now(), WebhookSignature.TOLERANCE))
                    .doesNotThrowAnyException();
        });
    }

    private record Result(int code, String out) {
    }

    private Result doctor(String... extra) {
        StringWriter out = new StringWriter();
        var cl = ScephubCommand.commandLine(env);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("doctor", "--config", configFile.toString()),
                java.util.Arrays.stream(extra)).toArray(String[]::new);
        int code = cl.execute(args);
        return new Result(code, out.toString());
    }

    private void writeConfig(String sections) throws Exception {
        Files.writeString(configFile, """
                version: 1
                okta:
                  orgUrl: %s
                  auth:
                    apiToken: ${env:OKTA_API_TOKEN}
                mdm:
                  intune:
                    tenantId: %s
                    clientId: %s
                    clientSecret: ${env:GRAPH_CLIENT_SECRET}
                    graphBaseUrl: %s
                    authorityHost: %s
                state:
                  dataDir: data
                notifications:
                  - name: siem
                    type: generic
                    url: ${env:HOOK_URL}
                    secret: ${env:HOOK_KEY}
                enrollments:
                  - name: windows-intune
                    platform: windows
                    mdm: intune
                    challenge: delegated
                    ca: okta
                    groups:
                      include: [ "ODA Windows Pilot" ]
                """.formatted(sandbox.oktaBaseUrl(), sandbox.options().tenantId(), sandbox.options().clientId(),
                sandbox.graphBaseUrl(), sandbox.authorityHost()) + sections);
    }

    private static X509Certificate certificate(String subject, Instant notAfter) {
        return TestPki.certificate(subject, notAfter).withoutBasicConstraints().withoutKeyUsage().withoutKeyIdentifiers()
                .validity(notAfter.minus(Duration.ofDays(365)), notAfter).build().certificate();
    }

    private static String pem(X509Certificate cert) {
        return TestPki.pem(cert);
    }
}
