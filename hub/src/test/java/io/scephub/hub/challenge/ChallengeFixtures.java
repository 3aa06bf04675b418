package io.scephub.hub.challenge;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.scephub.core.challenge.ChallengeSigner;
import io.scephub.core.challenge.ChallengeTrust;
import io.scephub.core.challenge.JwsAlgorithm;
import io.scephub.fixtures.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** An MDM signer made at test time: its key, its certificate (Bouncy Castle) and tokens it signs (Nimbus). */
public final class ChallengeFixtures {
    public static final String ISSUER = "intune:test-tenant";
    public static final String AUDIENCE = "okta-scep:windows-delegated";
    public static final String KID = "k1";

    public final KeyPair key;
    public final X509Certificate certificate;

    public ChallengeFixtures() {
        Instant now = Instant.now();
        TestPki.Issued signer = TestPki.certificate("CN=Test MDM challenge signer", now)
                .withoutBasicConstraints().withoutKeyUsage().withoutKeyIdentifiers()
                .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))).build();
        key = signer.keys();
        certificate = signer.certificate();
    }

    public ChallengeTrust trust() {
        return ChallengeTrust.of(List.of(ChallengeSigner.forKeys(ISSUER, AUDIENCE, Set.of(JwsAlgorithm.ES256),
                Map.of(KID, key.getPublic()))));
    }

    /** A fresh token valid from {@code now} for ten minutes. */
    public String token(Instant now) throws Exception {
        return token(now, UUID.randomUUID().toString());
    }

    public String token(Instant now, String jti) throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("scep-challenge+jwt")).keyID(KID).build();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("device-42").jwtID(jti)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(10)))).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new ECDSASigner((ECPrivateKey) key.getPrivate()));
        return jwt.serialize();
    }

    /** A three-part token whose every claim and header value is {@code value}, with a junk signature. */
    public static String unsignedTokenClaiming(String value) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = "{\"alg\":\"ES256\",\"typ\":\"scep-challenge+jwt\",\"kid\":\"" + value + "\"}";
        String claims = "{\"iss\":\"" + value + "\",\"aud\":\"" + value + "\",\"sub\":\"" + value + "\",\"jti\":\""
                + value + "-0123456789\"}";
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(new byte[64]);
    }

    public String certificatePem() throws Exception {
        return pem("CERTIFICATE", certificate.getEncoded());
    }

    public static String pem(String type, byte[] der) {
        return TestPki.armorText(type, der);
    }

    /** A minimal scephub.yaml trusting this signer by kid (its BC certificate as the key file). */
    public static String config(String stateSection) {
        return """
                version: 1
                okta:
                  orgUrl: https://example.okta.com
                  auth:
                    apiToken: ${env:OKTA_API_TOKEN}
                delegatedChallenge:
                  signers:
                    - issuer: "%s"
                      audience: "%s"
                      algorithms: [ES256]
                      keys: { %s: certs/signer.pem }
                %s""".formatted(ISSUER, AUDIENCE, KID, stateSection);
    }
}
