package io.scephub.core.challenge;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Builds challenge tokens with nimbus-jose-jwt, the independent JOSE implementation. */
public final class ChallengeTokens {

    public static final JOSEObjectType TYPE = new JOSEObjectType(ChallengeVerifier.TOKEN_TYPE);

    private ChallengeTokens() {
    }

    public static String uniqueJti() {
        return "jti-" + UUID.randomUUID();
    }

    /** Standard claims valid at {@code now} for 10 minutes. */
    public static JWTClaimsSet.Builder claims(String issuer, String audience, Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject("device-0001")
                .jwtID(uniqueJti())
                .issueTime(Date.from(now.minusSeconds(30)))
                .expirationTime(Date.from(now.plusSeconds(570)));
    }

    public static JWSHeader.Builder header(JWSAlgorithm alg) {
        return new JWSHeader.Builder(alg).type(TYPE);
    }

    public static List<Base64> x5c(X509Certificate... chain) {
        List<Base64> encoded = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            try {
                encoded.add(Base64.encode(certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return encoded;
    }

    public static String sign(JWSHeader header, JWTClaimsSet claims, PrivateKey key) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer(header.getAlgorithm(), key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs hand-written header and claims JSON, for tokens nimbus would refuse to produce. */
    public static String signRaw(String headerJson, String claimsJson, JWSAlgorithm alg, PrivateKey key) {
        String signingInput = b64(headerJson) + "." + b64(claimsJson);
        try {
            Base64URL signature = signer(alg, key).sign(new JWSHeader(alg), signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + signature;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String b64(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Replaces part {@code index} (0 header, 1 payload, 2 signature) of a compact JWS. */
    public static String replacePart(String token, int index, UnaryOperator<String> change) {
        String[] parts = token.split("\\.", -1);
        parts[index] = change.apply(parts[index]);
        return String.join(".", parts);
    }

    public static JWSSigner signer(JWSAlgorithm alg, PrivateKey key) throws JOSEException {
        if (JWSAlgorithm.EdDSA.equals(alg)) {
            return new JdkEd25519Signer(key);
        }
        if (key instanceof ECPrivateKey ec) {
            return new ECDSASigner(ec);
        }
        return new RSASSASigner(key);
    }

    /**
     * nimbus's own Ed25519Signer needs Google Tink; this one signs with the JDK's Ed25519 and
     * lets nimbus do the JOSE framing.
     */
    private record JdkEd25519Signer(PrivateKey key) implements JWSSigner {
        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            try {
                Signature signature = Signature.getInstance("Ed25519");
                signature.initSign(key);
                signature.update(signingInput);
                return Base64URL.encode(signature.sign());
            } catch (GeneralSecurityException e) {
                throw new JOSEException(e.getMessage(), e);
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.EdDSA);
        }

        @Override
        public JCAContext getJCAContext() {
            return new JCAContext();
        }
    }
}
