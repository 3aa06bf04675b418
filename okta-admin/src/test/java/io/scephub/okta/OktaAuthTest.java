package io.scephub.okta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import io.scephub.core.error.VendorError;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.SecretRef;
import io.scephub.core.testing.MutableClock;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.fixtures.Sandboxes;
import io.scephub.fixtures.TestPki;
import io.scephub.sandbox.OktaSimulator.TokenExchange;
import io.scephub.sandbox.RecordedRequest;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Both ways to authenticate, against the sandbox's Okta org (a fresh one per test). */
@ExtendWith(SandboxExtension.class)
class OktaAuthTest {
    private static final String CLIENT_ID = "0oa1serviceapp";
    private Sandbox sandbox;
    private TestVendorHttp http;
    private MutableClock clock;
    private ListAppender<ILoggingEvent> logs;
    private Logger root;
    private Level rootLevel;

    @BeforeEach
    void start() {
        http = new TestVendorHttp();
        clock = new MutableClock(Instant.now());
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stop() {
        root.detachAppender(logs);
        root.setLevel(rootLevel);
    }

    @Test
    void apiTokenTravelsAsSswsAndNeverReachesLogsOrErrors(Sandbox started) {
        sandbox = started;
        String apiToken = sandbox.options().oktaApiToken();
        OktaDeviceAccessApi api = new OktaConnectorProvider().openApi(Fixtures.tokenSettings(sandbox),
                Fixtures.context(http, clock, Fixtures.tokenSecrets(sandbox)));

        api.listCertificateAuthorities();
        String oktaCaId = sandbox.okta().oktaCaId();
        String staticRa = sandbox.okta().seedRegistrationAuthority("by hand", null, "WINDOWS", "STATIC");
        assertThatThrownBy(() -> api.resetPassword(oktaCaId, staticRa)).isInstanceOfSatisfying(VendorError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.vendorCode()).contains("E0000001");
            assertThat(e.getMessage()).doesNotContain(apiToken);
        });

        assertThat(Fixtures.requests(sandbox)).isNotEmpty().allSatisfy(r -> assertThat(r.authorization()).isEqualTo("SSWS " + apiToken));
        assertThat(http.redacted).contains(apiToken);
        assertThat(http.vendors).containsOnly("okta");
        assertThat(http.retryAfterSources).allSatisfy(r -> assertThat(r).isInstanceOf(OktaRetryAfter.class));
        assertThat(http.policies).allSatisfy(p -> {
            assertThat(p.requestsPerSecond()).as("no fixed rate unless configured").isZero();
            assertThat(p.rateLimits()).as("no sliding window: Okta counts per calendar minute").isEmpty();
            assertThat(p.quotaWindows()).contains(OktaRateLimits.QUOTAS);
        });
        assertNoLogContains(apiToken);
    }

    @Test
    void privateKeyJwtAssertionVerifiesWithThePublicKeyAndTheTokenIsCached(Sandboxes sandboxes) throws Exception {
        KeyPair keys = TestPki.rsaKey(2048);
        acceptAssertionsSignedBy(sandboxes, keys, 3600);
        OktaDeviceAccessApi api = openOAuth(keys, "kid-1");

        api.listCertificateAuthorities();
        api.oktaCertificateAuthority();

        List<RecordedRequest> tokenRequests = Fixtures.requests(sandbox, "POST", "/oauth2/v1/token");
        assertThat(tokenRequests).hasSize(1);
        assertThat(assertions()).hasSize(1);
        Map<String, String> form = sandbox.okta().tokenExchanges().get(0).form();
        String token = accessToken(1);
        assertThat(form).containsEntry("grant_type", "client_credentials")
                .containsEntry("scope", "okta.certificateAuthorities.manage")
                .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        SignedJWT jwt = SignedJWT.parse(form.get("client_assertion"));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("kid-1");
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(CLIENT_ID);
        assertThat(claims.getSubject()).isEqualTo(CLIENT_ID);
        assertThat(claims.getAudience()).containsExactly(sandbox.oktaBaseUrl() + "/oauth2/v1/token");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(claims.getJWTID()).isNotBlank();
        List<RecordedRequest> apiCalls = Fixtures.requests(sandbox, "GET", "/api/v1");
        assertThat(apiCalls).hasSize(2).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + token));
        assertThat(http.redacted).contains(token, form.get("client_assertion"));
        assertNoLogContains(token);
    }

    @Test
    void ecKeySignsWithEs256AndTheTokenIsRenewedShortlyBeforeItExpires(Sandboxes sandboxes) throws Exception {
        KeyPair keys = TestPki.ecKey();
        acceptAssertionsSignedBy(sandboxes, keys, 600);
        OktaDeviceAccessApi api = openOAuth(keys, null);

        api.listCertificateAuthorities();
        clock.advance(Duration.ofSeconds(500));
        api.listCertificateAuthorities();
        clock.advance(Duration.ofSeconds(60));
        api.listCertificateAuthorities();

        assertThat(assertions()).hasSize(2);
        assertThat(SignedJWT.parse(assertions().get(0)).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(SignedJWT.parse(assertions().get(0)).getHeader().getKeyID()).isNull();
        assertThat(Fixtures.requests(sandbox, "GET", "/api/v1")).extracting(RecordedRequest::authorization)
                .containsExactly("Bearer " + accessToken(1), "Bearer " + accessToken(1), "Bearer " + accessToken(2));
    }

    @Test
    void aRejectedTokenIsReplacedOnceOn401(Sandboxes sandboxes) throws Exception {
        KeyPair keys = TestPki.ecKey();
        acceptAssertionsSignedBy(sandboxes, keys, 3600);
        OktaDeviceAccessApi api = openOAuth(keys, null);
        api.listCertificateAuthorities();
        sandbox.okta().revokeAccessTokens();

        api.listCertificateAuthorities();

        assertThat(assertions()).hasSize(2);
        assertThat(Fixtures.requests(sandbox, "GET", "/api/v1")).extracting(RecordedRequest::authorization)
                .containsExactly("Bearer " + accessToken(1), "Bearer " + accessToken(1), "Bearer " + accessToken(2));
    }

    @Test
    void dpopDemandExplainsWhichConsoleSwitchToTurnOff(Sandboxes sandboxes) {
        KeyPair keys = TestPki.ecKey();
        acceptAssertionsSignedBy(sandboxes, keys, 3600);
        sandbox.okta().requireDpop(true);
        OktaDeviceAccessApi api = openOAuth(keys, null);

        assertThatThrownBy(api::listCertificateAuthorities).isInstanceOfSatisfying(VendorError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.vendorCode()).contains("invalid_dpop_proof");
            assertThat(e.getMessage()).contains("does not support").contains("Require Demonstrating Proof of Possession (DPoP)");
        });
        assertThat(Fixtures.requests(sandbox, "GET", "/api/v1")).isEmpty();
    }

    @Test
    void legacyPkcs1KeyIsRefusedWithTheConversionCommand() {
        String pkcs1 = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n";

        assertThatThrownBy(() -> PrivateKeys.parse(pkcs1, "okta.auth.oauth.privateKey"))
                .hasMessageContaining("okta.auth.oauth.privateKey").hasMessageContaining("openssl pkcs8 -topk8 -nocrypt")
                .hasMessageNotContaining("MIIB");
    }

    private OktaDeviceAccessApi openOAuth(KeyPair keys, String keyId) {
        Map<String, Object> values = new HashMap<>();
        values.put("orgUrl", sandbox.oktaBaseUrl());
        values.put("auth.oauth.clientId", CLIENT_ID);
        values.put("auth.oauth.privateKey", new SecretRef(SecretRef.Source.FILE, "okta.pem"));
        if (keyId != null) {
            values.put("auth.oauth.keyId", keyId);
        }
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return new OktaConnectorProvider().openApi(new ConnectorSettings("okta", "okta", values),
                Fixtures.context(http, clock, Map.of("okta.pem", pem)));
    }

    /**
     * A sandbox whose Okta org knows the service app {@code CLIENT_ID} by this public key: its token
     * endpoint checks each assertion's signature, audience, issuer, subject, expiry and jti, then
     * issues tokens that live {@code expiresIn} seconds.
     */
    private void acceptAssertionsSignedBy(Sandboxes sandboxes, KeyPair keys, long expiresIn) {
        sandbox = sandboxes.start(SandboxOptions.builder().oktaClientId(CLIENT_ID).oktaClientPublicKey(keys.getPublic()).build());
        sandbox.okta().accessTokenLifetime(Duration.ofSeconds(expiresIn));
    }

    /** The client assertions the sandbox accepted, in order. */
    private List<String> assertions() {
        return sandbox.okta().tokenExchanges().stream().map(exchange -> exchange.form().get("client_assertion")).toList();
    }

    /** The n-th access token the sandbox issued (1: the first). */
    private String accessToken(int n) {
        List<TokenExchange> exchanges = sandbox.okta().tokenExchanges();
        assertThat(exchanges).hasSizeGreaterThanOrEqualTo(n);
        return exchanges.get(n - 1).accessToken();
    }

    private void assertNoLogContains(String secret) {
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).noneSatisfy(event -> assertThat(event.getFormattedMessage()).contains(secret));
    }
}
