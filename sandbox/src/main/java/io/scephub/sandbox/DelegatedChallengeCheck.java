package io.scephub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
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
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

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
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.of("MALFORMED");
        }
        JsonNode header;
        JsonNode claims;
        try {
            header = json.readTree(BASE64URL.decode(parts[0]));
            claims = json.readTree(BASE64URL.decode(parts[1]));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Optional.of("MALFORMED");
        }
        if (!"ES256".equals(header.path("alg").asText()) || !ChallengeIssuer.TOKEN_TYPE.equals(header.path("typ").asText())) {
            return Optional.of("UNSUPPORTED_ALGORITHM");
        }
        Optional<PublicKey> key = signingKey(header);
        if (key.isEmpty()) {
            return Optional.of("UNTRUSTED_SIGNER");
        }
        if (!signatureValid(key.get(), parts)) {
            return Optional.of("BAD_SIGNATURE");
        }
        if (!("intune:" + configuration.tenantId()).equalsIgnoreCase(claims.path("iss").asText())) {
            return Optional.of("WRONG_ISSUER");
        }
        if (!audienceMatches(claims.get("aud"), configuration.audiences())) {
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

    private Optional<PublicKey> signingKey(JsonNode header) {
        if (header.has("kid") && !header.has("x5c")) {
            return signer.kid().equals(header.path("kid").asText()) ? Optional.of(signer.kidPublicKey()) : Optional.empty();
        }
        JsonNode x5c = header.get("x5c");
        if (x5c == null || !x5c.isArray() || x5c.isEmpty()) {
            return Optional.empty();
        }
        try {
            X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(x5c.get(0).asText())));
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

    private static boolean signatureValid(PublicKey key, String[] parts) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(BASE64URL.decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean audienceMatches(JsonNode aud, List<String> expected) {
        if (aud == null) {
            return false;
        }
        if (aud.isArray()) {
            for (JsonNode each : aud) {
                if (expected.contains(each.asText())) {
                    return true;
                }
            }
            return false;
        }
        return expected.contains(aud.asText());
    }

    private static String spkiThumbprint(SubjectPublicKeyInfo key) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Ids.sha256(key.getEncoded()));
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
