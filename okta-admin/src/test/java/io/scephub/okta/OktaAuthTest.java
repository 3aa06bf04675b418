package io.scephub.okta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.scephub.core.error.VendorError;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.SecretRef;
import io.scephub.core.testing.MutableClock;
import io.scephub.fixtures.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OktaAuthTest {
    private static final String CLIENT_ID = "0oa1serviceapp";
    private FakeOkta okta;
    private TestVendorHttp http;
    private MutableClock clock;
    private ListAppender<ILoggingEvent> logs;
    private Logger root;
    private Level rootLevel;
    private final List<String> assertions = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        okta = new FakeOkta();
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
    void stop() throws Exception {
        root.detachAppender(logs);
        root.setLevel(rootLevel);
        okta.close();
    }

    @Test
    void apiTokenTravelsAsSswsAndNeverReachesLogsOrErrors() {
        OktaDeviceAccessApi api = new OktaConnectorProvider().openApi(Fixtures.tokenSettings(okta.orgUrl()),
                Fixtures.context(http, clock, Map.of("OKTA_API_TOKEN", FakeOkta.API_TOKEN)));

        api.listCertificateAuthorities();
        String staticRa = okta.seedRa(okta.oktaCaId, "by hand", null, "WINDOWS", "STATIC").get("id").toString();
        assertThatThrownBy(() -> api.resetPassword(okta.oktaCaId, staticRa)).isInstanceOfSatisfying(VendorError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.vendorCode()).contains("E0000001");
            assertThat(e.getMessage()).doesNotContain(FakeOkta.API_TOKEN);
        });

        assertThat(okta.requests).allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("SSWS " + FakeOkta.API_TOKEN));
        assertThat(http.redacted).contains(FakeOkta.API_TOKEN);
        assertThat(http.vendors).containsOnly("okta");
        assertThat(http.retryAfterSources).allSatisfy(r -> assertThat(r).isInstanceOf(OktaRetryAfter.class));
        assertThat(http.policies).allSatisfy(p -> {
            assertThat(p.requestsPerSecond()).as("no fixed rate unless configured").isZero();
            assertThat(p.rateLimits()).as("no sliding window: Okta counts per calendar minute").isEmpty();
            assertThat(p.quotaWindows()).contains(OktaRateLimits.QUOTAS);
        });
        assertNoLogContains(FakeOkta.API_TOKEN);
    }

    @Test
    void privateKeyJwtAssertionVerifiesWithThePublicKeyAndTheTokenIsCached() throws Exception {
        KeyPair keys = TestPki.rsaKey(2048);
        acceptAssertionsSignedBy(new RSASSAVerifier((RSAPublicKey) keys.getPublic()), 3600);
        OktaDeviceAccessApi api = openOAuth(keys, "kid-1");

        api.listCertificateAuthorities();
        api.oktaCertificateAuthority();

        List<RecordedRequest> tokenRequests = okta.requests("POST", "/oauth2/v1/token");
        assertThat(tokenRequests).hasSize(1);
        Map<String, String> form = form(tokenRequests.get(0));
        assertThat(form).containsEntry("grant_type", "client_credentials")
                .containsEntry("scope", "okta.certificateAuthorities.manage")
                .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        SignedJWT jwt = SignedJWT.parse(form.get("client_assertion"));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("kid-1");
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(CLIENT_ID);
        assertThat(claims.getSubject()).isEqualTo(CLIENT_ID);
        assertThat(claims.getAudience()).containsExactly(okta.base().resolve("/oauth2/v1/token").toString());
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(claims.getJWTID()).isNotBlank();
        List<RecordedRequest> apiCalls = okta.requests("GET", "/api/v1");
        assertThat(apiCalls).hasSize(2).allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer at-1"));
        assertThat(http.redacted).contains("at-1", form.get("client_assertion"));
        assertNoLogContains("at-1");
    }

    @Test
    void ecKeySignsWithEs256AndTheTokenIsRenewedShortlyBeforeItExpires() throws Exception {
        KeyPair keys = TestPki.ecKey();
        acceptAssertionsSignedBy(new ECDSAVerifier((ECPublicKey) keys.getPublic()), 600);
        OktaDeviceAccessApi api = openOAuth(keys, null);

        api.listCertificateAuthorities();
        clock.advance(Duration.ofSeconds(500));
        api.listCertificateAuthorities();
        clock.advance(Duration.ofSeconds(60));
        api.listCertificateAuthorities();

        assertThat(assertions).hasSize(2);
        assertThat(SignedJWT.parse(assertions.get(0)).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(SignedJWT.parse(assertions.get(0)).getHeader().getKeyID()).isNull();
        assertThat(okta.requests("GET", "/api/v1")).extracting(r -> r.getHeader("Authorization"))
                .containsExactly("Bearer at-1", "Bearer at-1", "Bearer at-2");
    }

    @Test
    void aRejectedTokenIsReplacedOnceOn401() throws Exception {
        KeyPair keys = TestPki.ecKey();
        acceptAssertionsSignedBy(new ECDSAVerifier((ECPublicKey) keys.getPublic()), 3600);
        OktaDeviceAccessApi api = openOAuth(keys, null);
        api.listCertificateAuthorities();
        okta.validBearerTokens.clear();

        api.listCertificateAuthorities();

        assertThat(assertions).hasSize(2);
        assertThat(okta.requests("GET", "/api/v1")).extracting(r -> r.getHeader("Authorization"))
                .containsExactly("Bearer at-1", "Bearer at-1", "Bearer at-2");
    }

    @Test
    void dpopDemandExplainsWhichConsoleSwitchToTurnOff() {
        okta.tokenEndpoint = request -> okta.json(400, Map.of("error", "invalid_dpop_proof",
                "error_description", "The DPoP proof JWT header is missing."));
        OktaDeviceAccessApi api = openOAuth(TestPki.ecKey(), null);

        assertThatThrownBy(api::listCertificateAuthorities).isInstanceOfSatisfying(VendorError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.vendorCode()).contains("invalid_dpop_proof");
            assertThat(e.getMessage()).contains("does not support").contains("Require Demonstrating Proof of Possession (DPoP)");
        });
        assertThat(okta.requests("GET", "/api/v1")).isEmpty();
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
        values.put("orgUrl", okta.orgUrl());
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

    /** The fake token endpoint: checks the assertion's signature, audience and client, then issues at-1, at-2, ... */
    private void acceptAssertionsSignedBy(JWSVerifier verifier, long expiresIn) {
        okta.tokenEndpoint = request -> {
            try {
                String assertion = form(request).get("client_assertion");
                SignedJWT jwt = SignedJWT.parse(assertion);
                String audience = okta.base().resolve("/oauth2/v1/token").toString();
                if (!jwt.verify(verifier) || !jwt.getJWTClaimsSet().getAudience().contains(audience)
                        || !CLIENT_ID.equals(jwt.getJWTClaimsSet().getIssuer())) {
                    return okta.json(401, Map.of("error", "invalid_client", "error_description", "The client_assertion signature is invalid."));
                }
                assertions.add(assertion);
                String token = "at-" + issued.incrementAndGet();
                okta.validBearerTokens.add(token);
                return okta.json(200, Map.of("token_type", "Bearer", "expires_in", expiresIn, "access_token", token,
                        "scope", "okta.certificateAuthorities.manage"));
            } catch (Exception e) {
                return new MockResponse().setResponseCode(500);
            }
        };
    }

    private static Map<String, String> form(RecordedRequest request) {
        HttpUrl parsed = HttpUrl.get("http://x/?" + request.getBody().clone().readUtf8());
        Map<String, String> out = new HashMap<>();
        parsed.queryParameterNames().forEach(n -> out.put(n, parsed.queryParameter(n)));
        return out;
    }

    private void assertNoLogContains(String secret) {
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).noneSatisfy(event -> assertThat(event.getFormattedMessage()).contains(secret));
    }
}
