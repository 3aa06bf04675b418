package io.scephub.core.challenge;

import static io.scephub.core.challenge.ChallengeRejected.Reason.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.scephub.core.challenge.ChallengeRejected.Reason;
import io.scephub.core.model.Platform;
import io.scephub.core.testing.MutableClock;
import io.scephub.fixtures.TestPki;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChallengeVerifierTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    static final String INTUNE = "intune:5f1c-tenant";
    static final String WINDOWS_AUD = "okta-scep:windows-delegated";
    static final String JAMF = "jamf:tenant-b";
    static final String MACOS_AUD = "okta-scep:macos-delegated";
    static final String BOUND_AUD = "okta-scep:windows-bound";
    static final int SIGN = KeyUsage.digitalSignature;

    TestPki.Issued root;
    TestPki.Issued ecLeaf;
    TestPki.Issued rsaLeaf;
    TestPki.Issued edLeaf;
    KeyPair es384Key;
    KeyPair rs256Key;
    KeyPair boundKey;
    KeyPair deviceKey;

    MutableClock clock;
    InMemoryReplayStore replayStore;
    Set<String> activeEnrollments;
    ChallengeVerifier verifier;

    @BeforeAll
    void makeKeysAndCertificates() {
        root = TestPki.root("CN=Intune Challenge Root", NOW.minus(Duration.ofDays(365)), NOW.plus(Duration.ofDays(3650)));
        ecLeaf = signerCert(TestPki.ecKey(), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), SIGN, CODE_SIGNING);
        rsaLeaf = signerCert(TestPki.rsaKey(2048), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), SIGN, CODE_SIGNING);
        edLeaf = signerCert(TestPki.ed25519Key(), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), SIGN, CODE_SIGNING);
        es384Key = TestPki.ecKey("secp384r1");
        rs256Key = TestPki.rsaKey(2048);
        boundKey = TestPki.ecKey();
        deviceKey = TestPki.ecKey();
    }

    TestPki.Issued signerCert(KeyPair keys, Instant notBefore, Instant notAfter, int keyUsage, String eku) {
        return TestPki.leaf(root, "CN=Intune Challenge Signer", keys, notBefore, notAfter, keyUsage, eku);
    }

    @BeforeEach
    void newVerifier() {
        clock = new MutableClock(NOW);
        replayStore = new InMemoryReplayStore(clock);
        activeEnrollments = new HashSet<>(Set.of("windows-bound"));
        verifier = new ChallengeVerifier(trust(), replayStore, clock, activeEnrollments::contains);
    }

    ChallengeTrust trust() {
        ChallengeSigner intune = ChallengeSigner.forCertificates(INTUNE, WINDOWS_AUD,
                        Set.of(JwsAlgorithm.ES256, JwsAlgorithm.PS256, JwsAlgorithm.EDDSA), List.of(root.certificate()))
                .withRequiredSignerEku(CODE_SIGNING)
                .withPlatform(Platform.WINDOWS);
        ChallengeSigner jamf = ChallengeSigner.forKeys(JAMF, MACOS_AUD, Set.of(JwsAlgorithm.ES384, JwsAlgorithm.RS256),
                Map.of("k-es384", es384Key.getPublic(), "k-rs256", rs256Key.getPublic()));
        ChallengeSigner bound = ChallengeSigner.forKeys(INTUNE, BOUND_AUD, Set.of(JwsAlgorithm.ES256),
                        Map.of("k-bound", boundKey.getPublic()))
                .withKeyBindingRequired()
                .withEnrollment("windows-bound");
        return ChallengeTrust.of(List.of(intune, jamf, bound));
    }

    // ---- token builders ------------------------------------------------------------------------

    JWTClaimsSet.Builder intuneClaims() {
        return ChallengeTokens.claims(INTUNE, WINDOWS_AUD, clock.instant());
    }

    JWSHeader.Builder x5cHeader(JWSAlgorithm alg, TestPki.Issued leaf) {
        return ChallengeTokens.header(alg).x509CertChain(ChallengeTokens.x5c(leaf.certificate()));
    }

    String es256(JWTClaimsSet claims) {
        return ChallengeTokens.sign(x5cHeader(JWSAlgorithm.ES256, ecLeaf).build(), claims, ecLeaf.keys().getPrivate());
    }

    String es256() {
        return es256(intuneClaims().build());
    }

    String bound(JWTClaimsSet.Builder claims) {
        return ChallengeTokens.sign(ChallengeTokens.header(JWSAlgorithm.ES256).keyID("k-bound").build(), claims.build(),
                boundKey.getPrivate());
    }

    JWTClaimsSet.Builder boundClaims(KeyPair csrKey) {
        return ChallengeTokens.claims(INTUNE, BOUND_AUD, clock.instant())
                .claim("cnf", Map.of("spki#S256", spkiThumbprint(csrKey)));
    }

    static String spkiThumbprint(KeyPair keys) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String es256Header() {
        return "{\"alg\":\"ES256\",\"typ\":\"scep-challenge+jwt\",\"x5c\":[\""
                + ChallengeTokens.x5c(ecLeaf.certificate()).get(0) + "\"]}";
    }

    String claimsJson(String jti) {
        long now = clock.instant().getEpochSecond();
        return "{\"iss\":\"" + INTUNE + "\",\"aud\":\"" + WINDOWS_AUD + "\",\"sub\":\"device-0001\",\"jti\":\"" + jti
                + "\",\"iat\":" + (now - 30) + ",\"exp\":" + (now + 570) + "}";
    }

    // ---- assertions ----------------------------------------------------------------------------

    ChallengeAccepted assertAccepted(String token, Optional<byte[]> csr) {
        ChallengeDecision decision = verifier.verify(token, csr);
        assertThat(decision).as("decision for a good token").isInstanceOf(ChallengeAccepted.class);
        return (ChallengeAccepted) decision;
    }

    void assertRejected(String token, Reason reason) {
        assertRejected(token, Optional.empty(), reason);
    }

    void assertRejected(String token, Optional<byte[]> csr, Reason reason) {
        ChallengeDecision decision = verifier.verify(token, csr);
        assertThat(decision).isInstanceOf(ChallengeRejected.class);
        ChallengeRejected rejected = (ChallengeRejected) decision;
        assertThat(rejected.reason()).as(rejected.detail()).isEqualTo(reason);
        assertThat(rejected.detail()).isNotBlank();
        assertNoTokenIn(rejected.detail(), token);
        assertNoTokenIn(rejected.toString(), token);
    }

    static void assertNoTokenIn(String text, String token) {
        if (token == null || token.isEmpty()) {
            return;
        }
        assertThat(text).doesNotContain(token);
        for (String part : token.split("\\.")) {
            if (part.length() >= 8) {
                assertThat(text).doesNotContain(part);
            }
        }
    }

    // ---- accepted ------------------------------------------------------------------------------

    @Nested
    class Accepts {
        @Test
        void es256TokenWithX5cChainToConfiguredRoot() {
            JWTClaimsSet claims = intuneClaims().build();
            ChallengeAccepted accepted = assertAccepted(es256(claims), Optional.empty());

            assertThat(accepted.issuer()).isEqualTo(INTUNE);
            assertThat(accepted.audience()).isEqualTo(WINDOWS_AUD);
            assertThat(accepted.subject()).isEqualTo("device-0001");
            assertThat(accepted.jti()).isEqualTo(claims.getJWTID());
            assertThat(accepted.expiry()).isEqualTo(claims.getExpirationTime().toInstant());
            assertThat(accepted.algorithm()).isEqualTo(JwsAlgorithm.ES256);
            assertThat(accepted.keyId()).isEmpty();
            assertThat(accepted.signerFingerprint()).isEqualTo(SignerChains.fingerprint(encoded(ecLeaf)));
        }

        @Test
        void ps256TokenFromRsaSignerCertificate() {
            String token = ChallengeTokens.sign(x5cHeader(JWSAlgorithm.PS256, rsaLeaf).build(), intuneClaims().build(),
                    rsaLeaf.keys().getPrivate());
            assertThat(assertAccepted(token, Optional.empty()).algorithm()).isEqualTo(JwsAlgorithm.PS256);
        }

        @Test
        void eddsaTokenFromEd25519SignerCertificate() {
            String token = ChallengeTokens.sign(x5cHeader(JWSAlgorithm.EdDSA, edLeaf).build(), intuneClaims().build(),
                    edLeaf.keys().getPrivate());
            assertThat(assertAccepted(token, Optional.empty()).algorithm()).isEqualTo(JwsAlgorithm.EDDSA);
        }

        @Test
        void es384TokenWithConfiguredKid() {
            String token = ChallengeTokens.sign(ChallengeTokens.header(JWSAlgorithm.ES384).keyID("k-es384").build(),
                    ChallengeTokens.claims(JAMF, MACOS_AUD, NOW).build(), es384Key.getPrivate());
            ChallengeAccepted accepted = assertAccepted(token, Optional.empty());
            assertThat(accepted.keyId()).contains("k-es384");
            assertThat(accepted.signerFingerprint()).isEqualTo(SignerChains.fingerprint(es384Key.getPublic().getEncoded()));
        }

        @Test
        void rs256TokenWithConfiguredKid() {
            String token = ChallengeTokens.sign(ChallengeTokens.header(JWSAlgorithm.RS256).keyID("k-rs256").build(),
                    ChallengeTokens.claims(JAMF, MACOS_AUD, NOW).build(), rs256Key.getPrivate());
            assertThat(assertAccepted(token, Optional.empty()).algorithm()).isEqualTo(JwsAlgorithm.RS256);
        }

        @Test
        void audienceArrayContainingTheConfiguration() {
            assertAccepted(es256(intuneClaims().audience(List.of("other", WINDOWS_AUD)).build()), Optional.empty());
        }

        @Test
        void matchingPlatformClaim() {
            assertAccepted(es256(intuneClaims().claim("scephub_platform", "windows").build()), Optional.empty());
        }

        @Test
        void tokenExpiredByLessThanTheClockSkew() {
            String token = es256();
            clock.advance(Duration.ofSeconds(570 + 59));
            assertAccepted(token, Optional.empty());
        }

        @Test
        void keyBoundTokenWithMatchingPemCsrAndProfile() {
            Map<String, Object> profile = Map.of(
                    "subject", Csrs.SUBJECT,
                    "san", List.of(Map.of("type", "dns", "value", "DEVICE-0001.example.com"),
                            Map.of("type", "upn", "value", Csrs.UPN_SAN), Map.of("type", "email", "value", "x@example.com")),
                    "keyType", "EC",
                    "minKeySize", 256,
                    "keyUsage", List.of("digitalSignature"),
                    "eku", List.of("1.3.6.1.5.5.7.3.2"));
            String token = bound(boundClaims(deviceKey).claim("scephub_csr", profile));
            byte[] csr = Csrs.pem(Csrs.deviceRequest(deviceKey, token));
            assertThat(assertAccepted(token, Optional.of(csr)).keyId()).contains("k-bound");
        }

        @Test
        void keyBoundTokenWithDerCsr() {
            String token = bound(boundClaims(deviceKey));
            assertAccepted(token, Optional.of(Csrs.der(Csrs.deviceRequest(deviceKey, token))));
        }

        @Test
        void cachedChainStillServesLaterTokens() {
            assertAccepted(es256(), Optional.empty());
            clock.advance(Duration.ofMinutes(5));
            assertAccepted(es256(), Optional.empty());
        }
    }

    static byte[] encoded(TestPki.Issued issued) {
        try {
            return issued.certificate().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- step 1: size and shape ----------------------------------------------------------------

    @Nested
    class ShapeAndSize {
        @Test
        void tokenOver16KibIsTooLarge() {
            String token = es256();
            String padded = token.substring(0, token.indexOf('.') + 1) + "A".repeat(16 * 1024) + token.substring(token.indexOf('.'));
            assertRejected(padded, TOO_LARGE);
        }

        @Test
        void emptyOrNullTokenIsMalformed() {
            assertRejected("", MALFORMED);
            assertRejected(null, MALFORMED);
        }

        @Test
        void nonAsciiCharacterIsMalformed() {
            assertRejected(es256() + "é", MALFORMED);
        }

        @Test
        void twoOrFourPartsAreMalformed() {
            String token = es256();
            assertRejected(token.substring(0, token.lastIndexOf('.')), MALFORMED);
            assertRejected(token + ".AAAA", MALFORMED);
        }

        @Test
        void paddedBase64UrlIsMalformed() {
            String token = ChallengeTokens.replacePart(es256(), 2, s -> s + "==");
            assertRejected(token, MALFORMED);
        }

        @Test
        void standardBase64AlphabetIsMalformed() {
            String token = ChallengeTokens.replacePart(es256(), 1, s -> "+/" + s.substring(2));
            assertRejected(token, MALFORMED);
        }

        @Test
        void nonCanonicalTrailingBitsAreMalformed() {
            // An ES256 signature is 64 bytes: 86 characters whose last one carries 4 unused bits.
            String token = ChallengeTokens.replacePart(es256(), 2, s -> {
                char last = s.charAt(s.length() - 1);
                int value = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".indexOf(last);
                char sibling = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".charAt(value | 1);
                return s.substring(0, s.length() - 1) + sibling;
            });
            assertRejected(token, MALFORMED);
        }
    }

    // ---- step 2: header ------------------------------------------------------------------------

    @Nested
    class Header {
        @Test
        void algNoneIsUnsupported() {
            String unsigned = ChallengeTokens.b64("{\"alg\":\"none\",\"typ\":\"scep-challenge+jwt\",\"kid\":\"k-es384\"}")
                    + "." + ChallengeTokens.b64(claimsJson(ChallengeTokens.uniqueJti())) + ".";
            assertRejected(unsigned, UNSUPPORTED_ALGORITHM);
        }

        @Test
        void hs256WithTheRsaPublicKeyAsSecretIsUnsupported() throws Exception {
            SignedJWT jwt = new SignedJWT(ChallengeTokens.header(JWSAlgorithm.HS256).keyID("k-rs256").build(),
                    ChallengeTokens.claims(JAMF, MACOS_AUD, NOW).build());
            jwt.sign(new MACSigner(rs256Key.getPublic().getEncoded()));
            assertRejected(jwt.serialize(), UNSUPPORTED_ALGORITHM);
        }

        @Test
        void algorithmNotAllowedForThisSignerIsUnsupported() {
            // The jamf signer allows ES384 and RS256, not PS256, although its RSA key could verify PS256.
            String token = ChallengeTokens.sign(ChallengeTokens.header(JWSAlgorithm.PS256).keyID("k-rs256").build(),
                    ChallengeTokens.claims(JAMF, MACOS_AUD, NOW).build(), rs256Key.getPrivate());
            assertRejected(token, UNSUPPORTED_ALGORITHM);
        }

        @Test
        void algorithmNotAllowedForX5cSignerIsUnsupported() {
            String token = ChallengeTokens.sign(x5cHeader(JWSAlgorithm.RS256, rsaLeaf).build(), intuneClaims().build(),
                    rsaLeaf.keys().getPrivate());
            assertRejected(token, UNSUPPORTED_ALGORITHM);
        }

        @Test
        void lowercaseAlgIsUnsupported() {
            String token = ChallengeTokens.signRaw(es256Header().replace("ES256", "es256"),
                    claimsJson(ChallengeTokens.uniqueJti()), JWSAlgorithm.ES256, ecLeaf.keys().getPrivate());
            assertRejected(token, UNSUPPORTED_ALGORITHM);
        }

        @Test
        void wrongTypIsMalformed() {
            String token = ChallengeTokens.sign(new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .type(com.nimbusds.jose.JOSEObjectType.JWT)
                            .x509CertChain(ChallengeTokens.x5c(ecLeaf.certificate())).build(),
                    intuneClaims().build(), ecLeaf.keys().getPrivate());
            assertRejected(token, MALFORMED);
        }

        @Test
        void duplicateHeaderMemberIsMalformed() {
            String header = es256Header().replace("{\"alg\":\"ES256\",", "{\"alg\":\"ES256\",\"alg\":\"ES256\",");
            String token = ChallengeTokens.signRaw(header, claimsJson(ChallengeTokens.uniqueJti()), JWSAlgorithm.ES256,
                    ecLeaf.keys().getPrivate());
            assertRejected(token, MALFORMED);
        }

        @Test
        void headerThatIsNotJsonIsMalformed() {
            String token = ChallengeTokens.replacePart(es256(), 0, s -> ChallengeTokens.b64("alg=ES256"));
            assertRejected(token, MALFORMED);
        }

        @Test
        void jkuHeaderIsUntrusted() {
            String token = ChallengeTokens.sign(x5cHeader(JWSAlgorithm.ES256, ecLeaf)
                    .jwkURL(URI.create("https://attacker.example/jwks")).build(), intuneClaims().build(), ecLeaf.keys().getPrivate());
            assertRejected(token, UNTRUSTED_SIGNER);
        }

        @Test
        void x5uHeaderIsUntrusted() {
            String token = ChallengeTokens.sign(x5cHeader(JWSAlgorithm.ES256, ecLeaf)
                    .x509CertURL(URI.create("https://attacker.example/cert")).build(), intuneClaims().build(), ecLeaf.keys().getPrivate());
            assertRejected(token, UNTRUSTED_SIGNER);
        }

        @Test
        void jwkHeaderIsUntrustedEvenWithAValidSignatureByThatKey() {
            KeyPair attacker = TestPki.ecKey();
            ECKey jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) attacker.getPublic()).build();
            String token = ChallengeTokens.sign(ChallengeTokens.header(JWSAlgorithm.ES256).jwk(jwk).keyID("k-bound").build(),
                    intuneClaims().build(), attacker.getPrivate());
            assertRejected(token, UNTRUSTED_SIGNER);
        }

        @Test
        void critHeaderIsMalformed() {
            String header = es256Header().replace("{", "{\"crit\":[\"exp\"],\"exp\":1,");
            String token = ChallengeTokens.signRaw(header, claimsJson(ChallengeTokens.uniqueJti()), JWSAlgorithm.ES256,
                    ecLeaf.keys().getPrivate());
            assertRejected(token, MALFORMED);
        }

        @Test
        void bothX5cAndKidAreMalformed() {
            String token = ChallengeTokens.sign(x5cHeader(JWSAlgorithm.ES256, ecLeaf).keyID("k-bound").build(),
                    intuneClaims().build(), ecLeaf.keys().getPrivate());
            assertRejected(token, MALFORMED);
        }

        @Test
        void neitherX5cNorKidIsMalformed() {
            String token = ChallengeTokens.sign(ChallengeTokens.header(JWSAlgorithm.ES256).build(), intuneClaims().build(),
                    ecLeaf.keys().getPrivate());
            assertRejected(token, MALFORMED);
        }

        @Test
        void unknownKidIsUntrusted() {
            String token = ChallengeTokens.sign(ChallengeTokens.header(JWSAlgorithm.ES384).keyID("k-unknown").build(),
                    ChallengeTokens.claims(JAMF, MACOS_AUD, NOW).build(), es384Key.getPrivate());
            assertRejected(token, UNTRUSTED_SIGNER);
        }

        @Test
        void x5cThatIsNotACertificateIsMalformed() {
            String header = "{\"alg\":\"ES256\",\"typ\":\"scep-challenge+jwt\",\"x5c\":[\"AAAA\"]}";
            String token = ChallengeTokens.signRaw(header, claimsJson(ChallengeTokens.uniqueJti()), JWSAlgorithm.ES256,
                    ecLeaf.keys().getPrivate());
            assertRejected(token, MALFORMED);
        }
    }

    // ---- step 3: signer ------------------------------------------------------------------------

    @Nested
    class Signer {
        @Test
        void chainToAnotherRootIsUntrusted() {
            TestPki.Issued otherRoot = TestPki.root("CN=Other Root", NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(10)));
            TestPki.Issued leaf = TestPki.leaf(otherRoot, "CN=Impostor", TestPki.ecKey(), NOW.minus(Duration.ofDays(1)),
                    NOW.plus(Duration.ofDays(1)), SIGN, CODE_SIGNING);
            String token = ChallengeTokens.sign(x5cHeader(JWSAlgorithm.ES256, leaf).build(), intuneClaims().build(),
                    leaf.keys().getPrivate());
            assertRejected(token, UNTRUSTED_SIGNER);
        }

        @Test
        void selfSignedImpostorOfTheRootNameIsUntrusted() {
            TestPki.Issued fakeRoot = TestPki.root("CN=Intune Challenge Root", NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(10)));
            TestPki.Issued leaf = TestPki.leaf(fakeRoot, "CN=Intune Challenge Signer", TestPki.ecKey(),
                    NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)), SIGN, CODE_SIGNING);
            String token = ChallengeTokens.sign(x5cHeader(JWSAlgorithm.ES256, leaf).build(), intuneClaims().build(),
                    leaf.keys().getPrivate());
            assertRejected(token, UNTRUSTED_SIGNER);
        }

        @Test
        void expiredSignerCertificateIsInvalid() {
            TestPki.Issued expired = signerCert(TestPki.ecKey(), NOW.minus(Duration.ofDays(60)), NOW.minus(Duration.ofDays(1)),
                    SIGN, CODE_SIGNING);
            String token = ChallengeTokens.sign(x5cHeader(JWSAlgorithm.ES256, expired).build(), intuneClaims().build(),
                    expired.keys().getPrivate());
            assertRejected(token, SIGNER_CERT_INVALID);
        }

        @Test
        void signerWithoutRequiredEkuIsInvalid() {
            TestPki.Issued noEku = signerCert(TestPki.ecKey(), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)),
                    SIGN, "1.3.6.1.5.5.7.3.2");
            String token = ChallengeTokens.sign(x5cHeader(JWSAlgorithm.ES256, noEku).build(), intuneClaims().build(),
                    noEku.keys().getPrivate());
            assertRejected(token, SIGNER_CERT_INVALID);
        }

        @Test
        void signerWhoseKeyUsageForbidsSignaturesIsInvalid() {
            TestPki.Issued keyAgreementOnly = signerCert(TestPki.ecKey(), NOW.minus(Duration.ofDays(1)),
                    NOW.plus(Duration.ofDays(1)), KeyUsage.keyAgreement, CODE_SIGNING);
            String token = ChallengeTokens.sign(x5cHeader(JWSAlgorithm.ES256, keyAgreementOnly).build(),
                    intuneClaims().build(), keyAgreementOnly.keys().getPrivate());
            assertRejected(token, SIGNER_CERT_INVALID);
        }

        @Test
        void cachedChainIsRevalidatedOnceItsEarliestCertificateExpires() {
            TestPki.Issued shortLived = signerCert(TestPki.ecKey(), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofHours(1)),
                    SIGN, CODE_SIGNING);
            JWSHeader header = x5cHeader(JWSAlgorithm.ES256, shortLived).build();
            assertAccepted(ChallengeTokens.sign(header, intuneClaims().build(), shortLived.keys().getPrivate()), Optional.empty());

            clock.advance(Duration.ofHours(2));
            assertRejected(ChallengeTokens.sign(header, intuneClaims().build(), shortLived.keys().getPrivate()),
                    SIGNER_CERT_INVALID);
        }
    }

    // ---- step 4: signature ---------------------------------------------------------------------

    @Nested
    class SignatureCheck {
        @Test
        void ecdsaDerSignatureInsteadOfRawIsBad() throws Exception {
            String token = es256();
            String signingInput = token.substring(0, token.lastIndexOf('.'));
            Signature der = Signature.getInstance("SHA256withECDSA");
            der.initSign(ecLeaf.keys().getPrivate());
            der.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            String derToken = signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(der.sign());
            assertRejected(derToken, BAD_SIGNATURE);
        }

        @Test
        void truncatedSignatureIsBad() {
            // 84 characters = 63 bytes: canonical base64url, one byte short of R||S.
            String token = ChallengeTokens.replacePart(es256(), 2, s -> s.substring(0, 84));
            assertRejected(token, BAD_SIGNATURE);
        }

        @Test
        void emptySignatureIsBad() {
            String token = ChallengeTokens.replacePart(es256(), 2, s -> "");
            assertRejected(token, BAD_SIGNATURE);
        }

        @Test
        void tamperedHeaderIsBad() {
            String original = es256();
            String header = new String(Base64.getUrlDecoder().decode(original.split("\\.")[0]), StandardCharsets.UTF_8);
            String tampered = ChallengeTokens.replacePart(original, 0,
                    s -> ChallengeTokens.b64(header.replace("{", "{\"note\":\"x\",")));
            assertRejected(tampered, BAD_SIGNATURE);
        }

        @Test
        void tamperedPayloadIsBad() {
            String tampered = ChallengeTokens.replacePart(es256(), 1,
                    s -> ChallengeTokens.b64(claimsJson(ChallengeTokens.uniqueJti()).replace("device-0001", "device-0002")));
            assertRejected(tampered, BAD_SIGNATURE);
        }

        @Test
        void signatureByAnotherKeyIsBad() {
            String token = ChallengeTokens.sign(x5cHeader(JWSAlgorithm.ES256, ecLeaf).build(), intuneClaims().build(),
                    TestPki.ecKey().getPrivate());
            assertRejected(token, BAD_SIGNATURE);
        }

        @Test
        void es384HeaderOnAP256SignerKeyIsBad() {
            String header = es256Header().replace("ES256", "ES384");
            // The signature is a valid-looking 96 bytes made with a P-384 key; the P-256 leaf can never verify ES384.
            String token = ChallengeTokens.signRaw(header, claimsJson(ChallengeTokens.uniqueJti()), JWSAlgorithm.ES384,
                    es384Key.getPrivate());
            verifier = new ChallengeVerifier(ChallengeTrust.of(List.of(ChallengeSigner.forCertificates(INTUNE, WINDOWS_AUD,
                    Set.of(JwsAlgorithm.ES256, JwsAlgorithm.ES384), List.of(root.certificate())))), replayStore, clock);
            assertRejected(token, BAD_SIGNATURE);
        }

        @Test
        void rsaKeyNeverVerifiesAnEs256Token() {
            ChallengeSigner mixed = ChallengeSigner.forKeys(JAMF, MACOS_AUD, Set.of(JwsAlgorithm.ES256, JwsAlgorithm.RS256),
                    Map.of("k-rs256", rs256Key.getPublic()));
            verifier = new ChallengeVerifier(ChallengeTrust.of(List.of(mixed)), replayStore, clock);
            String token = ChallengeTokens.sign(ChallengeTokens.header(JWSAlgorithm.ES256).keyID("k-rs256").build(),
                    ChallengeTokens.claims(JAMF, MACOS_AUD, NOW).build(), TestPki.ecKey().getPrivate());
            assertRejected(token, BAD_SIGNATURE);
        }
    }

    // ---- step 5: claims ------------------------------------------------------------------------

    @Nested
    class Claims {
        String signedClaims(String claimsJson) {
            return ChallengeTokens.signRaw(es256Header(), claimsJson, JWSAlgorithm.ES256, ecLeaf.keys().getPrivate());
        }

        @Test
        void duplicateClaimIsMalformed() {
            String json = claimsJson(ChallengeTokens.uniqueJti()).replace("{", "{\"sub\":\"device-9999\",");
            assertRejected(signedClaims(json), MALFORMED);
        }

        @Test
        void claimsThatAreNotAnObjectAreMalformed() {
            assertRejected(signedClaims("[1,2]"), MALFORMED);
            assertRejected(signedClaims(claimsJson(ChallengeTokens.uniqueJti()) + " {}"), MALFORMED);
        }

        @Test
        void jtiShorterThan16CharactersIsMalformed() {
            assertRejected(es256(intuneClaims().jwtID("short").build()), MALFORMED);
        }

        @Test
        void subjectLongerThan256CharactersIsMalformed() {
            assertRejected(es256(intuneClaims().subject("d".repeat(257)).build()), MALFORMED);
        }

        @Test
        void missingExpIsMalformed() {
            assertRejected(es256(intuneClaims().expirationTime(null).build()), MALFORMED);
        }

        @Test
        void stringExpIsMalformed() {
            String json = claimsJson(ChallengeTokens.uniqueJti()).replaceFirst("\"exp\":(\\d+)", "\"exp\":\"$1\"");
            assertRejected(signedClaims(json), MALFORMED);
        }

        @Test
        void unknownPlatformIsMalformed() {
            assertRejected(es256(intuneClaims().claim("scephub_platform", "linux").build()), MALFORMED);
        }
    }

    // ---- step 6: issuer, audience, time, platform ----------------------------------------------

    @Nested
    class IssuerAudienceTime {
        @Test
        void issuerOfAnotherTenantIsWrong() {
            assertRejected(es256(intuneClaims().issuer("intune:other-tenant").build()), WRONG_ISSUER);
        }

        @Test
        void audienceOfAnotherConfigurationIsWrong() {
            assertRejected(es256(intuneClaims().audience("okta-scep:macos-delegated").build()), WRONG_AUDIENCE);
        }

        @Test
        void tokenPastExpPlusSkewIsExpired() {
            String token = es256();
            clock.advance(Duration.ofSeconds(570 + 60));
            assertRejected(token, EXPIRED);
        }

        @Test
        void tokenBeforeNbfIsNotYetValid() {
            assertRejected(es256(intuneClaims().notBeforeTime(Date.from(NOW.plusSeconds(120))).build()), NOT_YET_VALID);
        }

        @Test
        void tokenIssuedInTheFutureIsNotYetValid() {
            assertRejected(es256(intuneClaims().issueTime(Date.from(NOW.plusSeconds(120))).build()), NOT_YET_VALID);
        }

        @Test
        void lifetimeOverTheMaximumIsTooLong() {
            assertRejected(es256(intuneClaims().expirationTime(Date.from(NOW.plus(Duration.ofMinutes(61)))).build()),
                    LIFETIME_TOO_LONG);
        }

        @Test
        void platformOtherThanTheSignersIsWrong() {
            assertRejected(es256(intuneClaims().claim("scephub_platform", "macos").build()), WRONG_PLATFORM);
        }
    }

    // ---- steps 7 and 8: CSR ---------------------------------------------------------------------

    @Nested
    class Csr {
        @Test
        void csrSignedByAnotherKeyIsInvalid() {
            String token = bound(boundClaims(deviceKey));
            PKCS10CertificationRequest forged = Csrs.build(deviceKey, TestPki.ecKey().getPrivate(), Csrs.SUBJECT, token, true);
            assertRejected(token, Optional.of(Csrs.der(forged)), CSR_INVALID);
        }

        @Test
        void csrThatIsNotPkcs10IsInvalid() {
            assertRejected(bound(boundClaims(deviceKey)), Optional.of(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}), CSR_INVALID);
        }

        @Test
        void csrWithAnotherChallengeMismatches() {
            String token = bound(boundClaims(deviceKey));
            String other = bound(boundClaims(deviceKey));
            assertRejected(token, Optional.of(Csrs.der(Csrs.deviceRequest(deviceKey, other))), CSR_MISMATCH);
        }

        @Test
        void csrWithoutChallengePasswordMismatches() {
            String token = bound(boundClaims(deviceKey));
            assertRejected(token, Optional.of(Csrs.der(Csrs.build(deviceKey, deviceKey.getPrivate(), Csrs.SUBJECT, null, true))),
                    CSR_MISMATCH);
        }

        @Test
        void csrForAnotherKeyThanCnfMismatches() {
            KeyPair otherDevice = TestPki.ecKey();
            String token = bound(boundClaims(deviceKey));
            assertRejected(token, Optional.of(Csrs.der(Csrs.deviceRequest(otherDevice, token))), CSR_MISMATCH);
        }

        @Test
        void keyBindingRequiredButNoCsrMismatches() {
            assertRejected(bound(boundClaims(deviceKey)), CSR_MISMATCH);
        }

        @Test
        void keyBindingRequiredButNoCnfMismatches() {
            String token = bound(ChallengeTokens.claims(INTUNE, BOUND_AUD, NOW));
            assertRejected(token, Optional.of(Csrs.der(Csrs.deviceRequest(deviceKey, token))), CSR_MISMATCH);
        }

        String withProfile(Map<String, Object> profile) {
            return bound(boundClaims(deviceKey).claim("scephub_csr", profile));
        }

        Optional<byte[]> csrFor(String token) {
            return Optional.of(Csrs.der(Csrs.deviceRequest(deviceKey, token)));
        }

        @Test
        void otherSubjectMismatches() {
            String token = withProfile(Map.of("subject", "CN=device-0002,O=Example"));
            assertRejected(token, csrFor(token), SUBJECT_MISMATCH);
        }

        @Test
        void sanNotAllowedByProfileMismatches() {
            String token = withProfile(Map.of("san", List.of(Map.of("type", "dns", "value", Csrs.DNS_SAN))));
            assertRejected(token, csrFor(token), SAN_MISMATCH);
        }

        @Test
        void ecKeyWhereRsaIsRequiredMismatches() {
            String token = withProfile(Map.of("keyType", "RSA"));
            assertRejected(token, csrFor(token), KEY_MISMATCH);
        }

        @Test
        void keySmallerThanMinimumMismatches() {
            String token = withProfile(Map.of("minKeySize", 384));
            assertRejected(token, csrFor(token), KEY_MISMATCH);
        }

        @Test
        void otherKeyUsageMismatches() {
            String token = withProfile(Map.of("keyUsage", List.of("digitalSignature", "keyEncipherment")));
            assertRejected(token, csrFor(token), KEY_USAGE_MISMATCH);
        }

        @Test
        void extraEkuMismatches() {
            String token = withProfile(Map.of("eku", List.of("1.3.6.1.5.5.7.3.2")));
            byte[] csr = Csrs.der(Csrs.withExtensions(deviceKey, token,
                    new GeneralName[] {new GeneralName(GeneralName.dNSName, Csrs.DNS_SAN)}, KeyUsage.digitalSignature,
                    KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth));
            assertRejected(token, Optional.of(csr), EKU_MISMATCH);
        }

        @Test
        void removedEnrollmentIsWrongAudience() {
            activeEnrollments.clear();
            String token = bound(boundClaims(deviceKey));
            assertRejected(token, csrFor(token), WRONG_AUDIENCE);
        }
    }

    // ---- step 9: replay ------------------------------------------------------------------------

    @Nested
    class Replay {
        @Test
        void secondUseOfATokenIsReplayed() {
            String token = es256();
            assertAccepted(token, Optional.empty());
            assertRejected(token, REPLAYED);
        }

        @Test
        void rejectedTokenDoesNotBurnItsJti() {
            String token = bound(boundClaims(deviceKey));
            assertRejected(token, Optional.of(Csrs.der(Csrs.deviceRequest(TestPki.ecKey(), token))), CSR_MISMATCH);
            assertAccepted(token, Optional.of(Csrs.der(Csrs.deviceRequest(deviceKey, token))));
        }

        @Test
        void sameJtiFromAnotherIssuerIsIndependent() {
            String jti = ChallengeTokens.uniqueJti();
            assertAccepted(es256(intuneClaims().jwtID(jti).build()), Optional.empty());
            String jamf = ChallengeTokens.sign(ChallengeTokens.header(JWSAlgorithm.ES384).keyID("k-es384").build(),
                    ChallengeTokens.claims(JAMF, MACOS_AUD, NOW).jwtID(jti).build(), es384Key.getPrivate());
            assertAccepted(jamf, Optional.empty());
        }

        @Test
        void twoThreadsRacingOnOneTokenAcceptExactlyOnce() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 20; round++) {
                    String token = es256();
                    CyclicBarrier start = new CyclicBarrier(2);
                    List<Future<ChallengeDecision>> results = new ArrayList<>();
                    for (int thread = 0; thread < 2; thread++) {
                        results.add(pool.submit(() -> {
                            start.await();
                            return verifier.verify(token, Optional.empty());
                        }));
                    }
                    List<ChallengeDecision> decisions = new ArrayList<>();
                    for (Future<ChallengeDecision> result : results) {
                        decisions.add(result.get());
                    }
                    assertThat(decisions).filteredOn(ChallengeDecision::accepted).hasSize(1);
                    assertThat(decisions).filteredOn(d -> !d.accepted())
                            .singleElement()
                            .extracting(d -> ((ChallengeRejected) d).reason())
                            .isEqualTo(REPLAYED);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
