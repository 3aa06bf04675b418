package io.scephub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.util.Base64URL;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Okta's side of a DELEGATED challenge in the sandbox: the challenge in the CSR is a compact JWS
 * from the sandbox Intune's challenge signer (DELEGATED-CHALLENGE.md), checked here against that
 * signer alone, independently of scephub's verifier: ES256 over the header and payload with the
 * {@code x5c} leaf (which must chain to the signer root) or the {@code kid} key; {@code iss}
 * {@code intune:<tenantId of the configuration>}; {@code aud} one of the configuration's audiences;
 * {@code exp}/{@code nbf} with 60 s skew, at most 60 minutes long; {@code cnf} and
 * {@code scephub_platform} when present; and a {@code jti} used once. The reasons are the
 * specification's names.
 */
final class DelegatedChallengeCheck {

    private static final Duration SKEW = Duration.ofSeconds(60);
    private static final Duration MAX_LIFETIME = Duration.ofMinutes(60);

    private final ObjectMapper json;
    private final ChallengeIssuer signer;
    private final Map<String, Instant> usedJtis = new HashMap<>();

    DelegatedChallengeCheck(ObjectMapper json, ChallengeIssuer signer) {
        this.json = json;
        this.signer = signer;
    }

    /** Empty when accepted (and the jti is then used up), else the rejection reason. */
    synchronized Optional<String> check(String token, ScepConfiguration configuration, SubjectPublicKeyInfo csrKey,
                                        Instant now) {
        if (token == null || token.split("\\.", -1).length != 3) {
            return Optional.of("MALFORMED");
        }
        JwtAssertion jwt;
        try {
            jwt = JwtAssertion.parse(token, json);
        } catch (IllegalArgumentException e) {
            return Optional.of(unsecured(token) ? "UNSUPPORTED_ALGORITHM" : "MALFORMED");
        }
        JWSHeader header = jwt.jws().getHeader();
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || header.getType() == null
                || !ChallengeIssuer.TOKEN_TYPE.equals(header.getType().getType())) {
            return Optional.of("UNSUPPORTED_ALGORITHM");
        }
        Optional<PublicKey> key = signingKey(header);
        if (key.isEmpty()) {
            return Optional.of("UNTRUSTED_SIGNER");
        }
        if (!jwt.verify(key.get())) {
            return Optional.of("BAD_SIGNATURE");
        }
        JsonNode claims = jwt.payload();
        if (!("intune:" + configuration.tenantId()).equalsIgnoreCase(claims.path("iss").asText())) {
            return Optional.of("WRONG_ISSUER");
        }
        if (!jwt.audienceIsAnyOf(configuration.audiences())) {
            return Optional.of("WRONG_AUDIENCE");
        }
        long exp = claims.path("exp").asLong(0);
        long iat = claims.path("iat").asLong(0);
        long nbf = claims.path("nbf").asLong(iat);
        if (exp == 0 || iat == 0) {
            return Optional.of("MALFORMED");
        }
        if (!now.minus(SKEW).isBefore(Instant.ofEpochSecond(exp))) {
            return Optional.of("EXPIRED");
        }
        if (now.plus(SKEW).isBefore(Instant.ofEpochSecond(Math.max(nbf, iat)))) {
            return Optional.of("NOT_YET_VALID");
        }
        if (exp - iat > MAX_LIFETIME.toSeconds()) {
            return Optional.of("LIFETIME_TOO_LONG");
        }
        String platform = claims.path("scephub_platform").asText("");
        if (!platform.isEmpty() && !platform.equalsIgnoreCase(configuration.platform())) {
            return Optional.of("WRONG_PLATFORM");
        }
        String boundKey = claims.path("cnf").path("spki#S256").asText("");
        if (!boundKey.isEmpty() && !boundKey.equals(spkiThumbprint(csrKey))) {
            return Optional.of("CSR_MISMATCH");
        }
        String jti = claims.path("jti").asText("");
        if (jti.length() < 16) {
            return Optional.of("MALFORMED");
        }
        purge(now);
        if (usedJtis.containsKey(jti)) {
            return Optional.of("REPLAYED");
        }
        usedJtis.put(jti, Instant.ofEpochSecond(exp).plus(SKEW));
        return Optional.empty();
    }

    synchronized void clear() {
        usedJtis.clear();
    }

    /** nimbus refuses {@code alg: none} as a JWS; the specification names that an unsupported algorithm. */
    private static boolean unsecured(String token) {
        try {
            return Header.parse(new Base64URL(token.substring(0, token.indexOf('.')))) instanceof PlainHeader;
        } catch (java.text.ParseException e) {
            return false;
        }
    }

    private Optional<PublicKey> signingKey(JWSHeader header) {
        List<com.nimbusds.jose.util.Base64> x5c = header.getX509CertChain();
        if (header.getKeyID() != null && x5c == null) {
            return signer.kid().equals(header.getKeyID()) ? Optional.of(signer.kidPublicKey()) : Optional.empty();
        }
        if (x5c == null || x5c.isEmpty()) {
            return Optional.empty();
        }
        try {
            X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(x5c.get(0).decode()));
            leaf.verify(signer.rootPublicKey());
            List<String> ekus = leaf.getExtendedKeyUsage();
            if (ekus == null || !ekus.contains(ChallengeIssuer.SIGNER_EKU)) {
                return Optional.empty();
            }
            return Optional.of(leaf.getPublicKey());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String spkiThumbprint(SubjectPublicKeyInfo key) {
        try {
            return Base64URL.encode(Ids.sha256(key.getEncoded())).toString();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private void purge(Instant now) {
        for (Iterator<Instant> it = usedJtis.values().iterator(); it.hasNext(); ) {
            if (it.next().isBefore(now)) {
                it.remove();
            }
        }
    }
}
