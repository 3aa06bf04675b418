package io.scephub.core.challenge;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A challenge that passed every check and whose {@code jti} is now used up.
 *
 * @param issuer            the {@code iss} claim, equal to the matched signer's configured issuer
 * @param audience          the SCEP configuration the challenge was for (the signer's audience)
 * @param subject           the {@code sub} claim (device identifier)
 * @param jti               the token id that is now recorded as used
 * @param expiry            the {@code exp} claim
 * @param signerFingerprint {@code sha256:<hex>} of the signer certificate's DER (x5c tokens) or of
 *                          the configured key's SubjectPublicKeyInfo DER (kid tokens)
 * @param keyId             the {@code kid} header for configured-key tokens; empty for x5c tokens
 * @param algorithm         the {@code alg} the token was signed with
 */
public record ChallengeAccepted(
        String issuer,
        String audience,
        String subject,
        String jti,
        Instant expiry,
        String signerFingerprint,
        Optional<String> keyId,
        JwsAlgorithm algorithm) implements ChallengeDecision {

    public ChallengeAccepted {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(signerFingerprint, "signerFingerprint");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(algorithm, "algorithm");
    }
}
