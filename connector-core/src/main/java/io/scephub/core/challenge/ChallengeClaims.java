package io.scephub.core.challenge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.core.challenge.ChallengeRejected.Reason;
import io.scephub.core.model.Platform;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The claims of a challenge token after type checks (step 5 of DELEGATED-CHALLENGE.md). */
record ChallengeClaims(
        String issuer,
        List<String> audiences,
        String subject,
        String jti,
        Instant issuedAt,
        Instant expiresAt,
        Optional<Instant> notBefore,
        Optional<byte[]> keyBindingSpkiSha256,
        Optional<Platform> platform,
        Optional<CsrProfile> csrProfile) {

    static final int MAX_SUBJECT_CHARS = 256;
    static final int MIN_JTI_CHARS = 16;
    static final int MAX_JTI_CHARS = 128;
    /** 9999-12-31T23:59:59Z; later NumericDates are nonsense and would overflow Instant arithmetic. */
    private static final long MAX_NUMERIC_DATE = 253_402_300_799L;
    private static final int SHA256_BYTES = 32;

    static ChallengeClaims parse(ObjectNode claims) throws Rejection {
        String issuer = requiredString(claims, "iss");
        List<String> audiences = audiences(claims.get("aud"));
        String subject = requiredString(claims, "sub");
        if (subject.isEmpty() || subject.length() > MAX_SUBJECT_CHARS) {
            throw malformed("sub must be 1 to " + MAX_SUBJECT_CHARS + " characters");
        }
        String jti = requiredString(claims, "jti");
        if (jti.length() < MIN_JTI_CHARS || jti.length() > MAX_JTI_CHARS) {
            throw malformed("jti must be " + MIN_JTI_CHARS + " to " + MAX_JTI_CHARS + " characters");
        }
        Instant issuedAt = numericDate(claims, "iat").orElseThrow(() -> malformed("iat is required"));
        Instant expiresAt = numericDate(claims, "exp").orElseThrow(() -> malformed("exp is required"));
        if (!expiresAt.isAfter(issuedAt)) {
            throw malformed("exp must be after iat");
        }
        Optional<Instant> notBefore = numericDate(claims, "nbf");
        return new ChallengeClaims(issuer, audiences, subject, jti, issuedAt, expiresAt, notBefore,
                keyBinding(claims.get("cnf")), platform(claims.get("scephub_platform")),
                claims.has("scephub_csr") ? Optional.of(CsrProfile.parse(claims.get("scephub_csr"))) : Optional.empty());
    }

    private static String requiredString(ObjectNode claims, String name) throws Rejection {
        JsonNode value = claims.get(name);
        if (value == null) {
            throw malformed(name + " is required");
        }
        if (!value.isTextual()) {
            throw malformed(name + " must be a string");
        }
        return value.textValue();
    }

    private static List<String> audiences(JsonNode aud) throws Rejection {
        if (aud == null) {
            throw malformed("aud is required");
        }
        if (aud.isTextual()) {
            return List.of(aud.textValue());
        }
        if (aud.isArray() && !aud.isEmpty()) {
            List<String> values = new ArrayList<>(aud.size());
            for (JsonNode value : aud) {
                if (!value.isTextual()) {
                    throw malformed("aud must be a string or a non-empty array of strings");
                }
                values.add(value.textValue());
            }
            return List.copyOf(values);
        }
        throw malformed("aud must be a string or a non-empty array of strings");
    }

    private static Optional<Instant> numericDate(ObjectNode claims, String name) throws Rejection {
        JsonNode value = claims.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw malformed(name + " must be a NumericDate (seconds since the epoch)");
        }
        // RFC 7519 §2 allows fractional seconds; BigDecimal keeps them exact.
        BigDecimal seconds = value.decimalValue();
        if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(MAX_NUMERIC_DATE)) > 0) {
            throw malformed(name + " is outside 1970..9999");
        }
        long whole = seconds.longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return Optional.of(Instant.ofEpochSecond(whole, nanos));
    }

    private static Optional<byte[]> keyBinding(JsonNode cnf) throws Rejection {
        if (cnf == null) {
            return Optional.empty();
        }
        JsonNode thumbprint = cnf.isObject() ? cnf.get("spki#S256") : null;
        if (thumbprint == null || !thumbprint.isTextual()) {
            throw malformed("cnf must be an object with a string spki#S256");
        }
        String text = thumbprint.textValue();
        if (!Base64Url.isCanonical(text, 0, text.length())) {
            throw malformed("cnf.spki#S256 is not unpadded base64url");
        }
        byte[] digest = new com.nimbusds.jose.util.Base64URL(text).decode();
        if (digest.length != SHA256_BYTES) {
            throw malformed("cnf.spki#S256 must encode a 32-byte SHA-256 digest");
        }
        return Optional.of(digest);
    }

    private static Optional<Platform> platform(JsonNode value) throws Rejection {
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw malformed("scephub_platform must be \"macos\" or \"windows\"");
        }
        return Optional.of(Platform.fromConfigName(value.textValue())
                .orElseThrow(() -> malformed("scephub_platform must be \"macos\" or \"windows\"")));
    }

    private static Rejection malformed(String detail) {
        return new Rejection(Reason.MALFORMED, detail);
    }
}
