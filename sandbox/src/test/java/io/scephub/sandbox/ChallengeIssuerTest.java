package io.scephub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayInputStream;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChallengeIssuerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String TENANT = SandboxOptions.DEFAULT_TENANT_ID;
    private static final String AUDIENCE = "okta-scep:windows-intune";

    private static ChallengeIssuer issuer;
    private static KeyPair deviceKey;

    @BeforeAll
    static void createIssuer() throws Exception {
        issuer = new ChallengeIssuer(new ObjectMapper(), new Pki(), TENANT, new MutableClock(NOW), new SecureRandom());
        deviceKey = new Pki().ecKeyPair();
    }

    private static ChallengeRequest.Builder request() {
        return ChallengeRequest.builder(AUDIENCE, "device-0001");
    }

    @Test
    void x5cChallengeHasTheSpecifiedHeaderAndVerifiesWithTheLeafKey() throws Exception {
        SignedJWT jwt = SignedJWT.parse(issuer.issue(request().build()));

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("scep-challenge+jwt"));
        assertThat(jwt.getHeader().getKeyID()).isNull();
        assertThat(jwt.getHeader().getX509CertChain()).hasSize(2);
        assertThat(jwt.getHeader().getIncludedParams()).containsExactlyInAnyOrder("alg", "typ", "x5c");
        List<X509Certificate> chain = chain(jwt);
        assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) chain.get(0).getPublicKey()))).isTrue();
        // JWS ECDSA form: raw R||S, 64 bytes for P-256, not the JDK's DER.
        assertThat(jwt.getSignature().decode()).hasSize(64);
        assertThat(jwt.serialize().split("\\.")).hasSize(3).allSatisfy(part -> assertThat(part).doesNotContain("=", "+", "/"));
    }

    @Test
    void x5cChainValidatesFromLeafToTheSignerRootWithDigitalSignatureAndTheSignerEku() throws Exception {
        SignedJWT jwt = SignedJWT.parse(issuer.issue(request().build()));
        List<X509Certificate> chain = chain(jwt);
        X509Certificate root = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(issuer.signerRootPem().getBytes()));

        validate(chain, root);

        assertThat(chain.get(1)).isEqualTo(root);
        X509Certificate leaf = chain.get(0);
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(issuer.signerEku());
        assertThat(issuer.signerEku()).isEqualTo("1.3.6.1.5.5.7.3.3");
        assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(root.getSubjectX500Principal().getName()).contains("CN=Sandbox Intune challenge root");
    }

    @Test
    void claimsCarryWhatWasRequested() throws Exception {
        ChallengeRequest request = request().platform("windows").lifetime(Duration.ofMinutes(5))
                .csrConstraint("subject", "CN=device-0001").csrConstraint("keyType", "EC")
                .csrConstraint("eku", List.of("1.3.6.1.5.5.7.3.2")).build();

        JWTClaimsSet claims = SignedJWT.parse(issuer.issue(request)).getJWTClaimsSet();

        assertThat(claims.getIssuer()).isEqualTo("intune:" + TENANT).isEqualTo(issuer.issuer());
        assertThat(claims.getAudience()).containsExactly(AUDIENCE);
        assertThat(claims.getSubject()).isEqualTo("device-0001");
        assertThat(claims.getJWTID()).hasSizeBetween(16, 128);
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(NOW));
        assertThat(claims.getNotBeforeTime()).isEqualTo(Date.from(NOW));
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(NOW.plus(Duration.ofMinutes(5))));
        assertThat(claims.getStringClaim("scephub_platform")).isEqualTo("windows");
        assertThat(claims.getJSONObjectClaim("scephub_csr")).containsOnly(Map.entry("subject", "CN=device-0001"),
                Map.entry("keyType", "EC"), Map.entry("eku", List.of("1.3.6.1.5.5.7.3.2")));
        assertThat(claims.getClaim("cnf")).isNull();
    }

    @Test
    void defaultLifetimeIsTenMinutesAndOptionalClaimsAreLeftOut() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(issuer.issue(request().build())).getJWTClaimsSet();

        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(NOW.plus(Duration.ofMinutes(10))));
        assertThat(claims.getClaims().keySet()).containsExactlyInAnyOrder("iss", "aud", "sub", "jti", "iat", "nbf", "exp");
    }

    @Test
    void cnfIsTheBase64urlSha256OfTheCsrKeysSubjectPublicKeyInfo() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(issuer.issue(request().csrPublicKey(deviceKey.getPublic()).build()))
                .getJWTClaimsSet();

        byte[] expected = MessageDigest.getInstance("SHA-256").digest(deviceKey.getPublic().getEncoded());
        assertThat(claims.getJSONObjectClaim("cnf"))
                .containsOnly(Map.entry("spki#S256", Base64.getUrlEncoder().withoutPadding().encodeToString(expected)));
    }

    @Test
    void jtiIsUniqueAcrossAThousandChallenges() throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String jti = SignedJWT.parse(issuer.issue(request().build())).getJWTClaimsSet().getJWTID();
            assertThat(jti).hasSizeBetween(16, 128).matches("[A-Za-z0-9_-]+");
            seen.add(jti);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void kidChallengeNamesTheKeyAndVerifiesOnlyWithTheKidPublicKey() throws Exception {
        SignedJWT jwt = SignedJWT.parse(issuer.issue(request().useKid(true).build()));

        assertThat(jwt.getHeader().getKeyID()).isEqualTo(issuer.kid());
        assertThat(jwt.getHeader().getX509CertChain()).isNull();
        assertThat(jwt.getHeader().getIncludedParams()).containsExactlyInAnyOrder("alg", "typ", "kid");
        assertThat(jwt.verify(new ECDSAVerifier(kidPublicKey()))).isTrue();
        ECPublicKey leafKey = (ECPublicKey) chain(SignedJWT.parse(issuer.issue(request().build()))).get(0).getPublicKey();
        assertThat(jwt.verify(new ECDSAVerifier(leafKey))).isFalse();
    }

    @Test
    void expiredDefectPutsExpBeyondTheDefaultClockSkew() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(issuer.issue(request().defect(ChallengeDefect.EXPIRED).build())).getJWTClaimsSet();

        assertThat(claims.getExpirationTime()).isBefore(Date.from(NOW.minusSeconds(60)));
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(Duration.ofMinutes(10).toMillis());
    }

    @Test
    void notYetValidDefectPutsIatAndNbfInTheFuture() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(issuer.issue(request().defect(ChallengeDefect.NOT_YET_VALID).build()))
                .getJWTClaimsSet();

        assertThat(claims.getNotBeforeTime()).isAfter(Date.from(NOW.plusSeconds(60)));
        assertThat(claims.getIssueTime()).isEqualTo(claims.getNotBeforeTime());
    }

    @Test
    void wrongAudienceAndWrongIssuerDefectsReplaceThoseClaimsButStaySigned() throws Exception {
        SignedJWT jwt = SignedJWT.parse(issuer.issue(request().defect(ChallengeDefect.WRONG_AUDIENCE)
                .defect(ChallengeDefect.WRONG_ISSUER).build()));

        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(ChallengeDefect.WRONG_AUDIENCE_VALUE);
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(ChallengeDefect.WRONG_ISSUER_VALUE).isNotEqualTo(issuer.issuer());
        assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) chain(jwt).get(0).getPublicKey()))).isTrue();
    }

    @Test
    void badSignatureDefectKeepsTheLengthButFailsVerification() throws Exception {
        SignedJWT jwt = SignedJWT.parse(issuer.issue(request().useKid(true).defect(ChallengeDefect.BAD_SIGNATURE).build()));

        assertThat(jwt.getSignature().decode()).hasSize(64);
        assertThat(jwt.verify(new ECDSAVerifier(kidPublicKey()))).isFalse();
    }

    @Test
    void untrustedSignerDefectUsesAChainOutsideTheRootOrAnUnknownKid() throws Exception {
        SignedJWT jwt = SignedJWT.parse(issuer.issue(request().defect(ChallengeDefect.UNTRUSTED_SIGNER).build()));
        List<X509Certificate> chain = chain(jwt);
        X509Certificate root = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(issuer.signerRootPem().getBytes()));

        assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) chain.get(0).getPublicKey()))).isTrue();
        assertThatThrownBy(() -> validate(chain, root)).isInstanceOf(CertPathValidatorException.class);
        SignedJWT kid = SignedJWT.parse(issuer.issue(request().useKid(true).defect(ChallengeDefect.UNTRUSTED_SIGNER).build()));
        assertThat(kid.getHeader().getKeyID()).isEqualTo(ChallengeDefect.UNKNOWN_KID_VALUE).isNotEqualTo(issuer.kid());
    }

    @Test
    void badRequestsAreRefusedWithSpecificMessages() {
        assertThatThrownBy(() -> ChallengeRequest.builder(" ", "device").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("audience is blank");
        assertThatThrownBy(() -> ChallengeRequest.builder(AUDIENCE, "d".repeat(257)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("257 characters");
        assertThatThrownBy(() -> request().platform("linux").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'linux' is not one of macos, windows");
        assertThatThrownBy(() -> request().lifetime(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lifetime PT0S");
        assertThatThrownBy(() -> request().csrPublicKey(new byte[] {1, 2, 3}).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a DER SubjectPublicKeyInfo (3 bytes)");
        assertThatThrownBy(() -> request().csrConstraint("keySize", 2048).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'keySize' is unknown");
    }

    @Test
    void requestToStringNamesNoKeyMaterial() {
        String text = request().csrPublicKey(deviceKey.getPublic()).build().toString();

        assertThat(text).contains("csrPublicKey=present").doesNotContain("[B@");
    }

    private static ECPublicKey kidPublicKey() throws Exception {
        String base64 = issuer.kidPublicKeyPem().replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    static List<X509Certificate> chain(SignedJWT jwt) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> chain = new java.util.ArrayList<>();
        for (var encoded : jwt.getHeader().getX509CertChain()) {
            // x5c entries are standard base64 (with padding), not base64url.
            chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(encoded.toString()))));
        }
        return chain;
    }

    private static void validate(List<X509Certificate> chain, X509Certificate root) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(NOW));
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
    }
}
