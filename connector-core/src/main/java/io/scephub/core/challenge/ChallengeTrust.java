package io.scephub.core.challenge;

import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code delegatedChallenge} section of scephub.yaml: lifetime and skew limits plus the trusted
 * signers. The constructor rejects configurations the verifier could not apply unambiguously.
 */
public record ChallengeTrust(Duration maxLifetime, Duration clockSkew, List<ChallengeSigner> signers) {

    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(60);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");

    public ChallengeTrust {
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        Objects.requireNonNull(clockSkew, "clockSkew");
        signers = List.copyOf(Objects.requireNonNull(signers, "signers"));
        if (maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("delegatedChallenge.maxLifetime: " + maxLifetime + " must be positive");
        }
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("delegatedChallenge.clockSkew: " + clockSkew + " must not be negative");
        }
        validateSigners(signers);
    }

    /** Default lifetime (60 min) and skew (60 s). */
    public static ChallengeTrust of(List<ChallengeSigner> signers) {
        return new ChallengeTrust(DEFAULT_MAX_LIFETIME, DEFAULT_CLOCK_SKEW, signers);
    }

    private static void validateSigners(List<ChallengeSigner> signers) {
        Set<String> issuerAudiences = new HashSet<>();
        Map<String, PublicKey> keysById = new HashMap<>();
        for (int i = 0; i < signers.size(); i++) {
            ChallengeSigner signer = signers.get(i);
            String where = "delegatedChallenge.signers[" + i + "]";
            if (signer.issuer().isBlank()) {
                throw new IllegalArgumentException(where + ".issuer: must not be blank");
            }
            if (signer.audience().isBlank()) {
                throw new IllegalArgumentException(where + ".audience: must not be blank");
            }
            if (!issuerAudiences.add(signer.issuer() + '\n' + signer.audience())) {
                throw new IllegalArgumentException(where + ": issuer \"" + signer.issuer() + "\" with audience \""
                        + signer.audience() + "\" is configured twice; a token could not tell them apart");
            }
            if (signer.algorithms().isEmpty()) {
                throw new IllegalArgumentException(where + ".algorithms: must list at least one of "
                        + Arrays.toString(JwsAlgorithm.values()));
            }
            if (signer.trustAnchors().isEmpty() && signer.keys().isEmpty()) {
                throw new IllegalArgumentException(where + ": needs trustAnchors (for x5c tokens) or keys (for kid tokens)");
            }
            signer.requiredSignerEku().ifPresent(oid -> {
                if (!OID.matcher(oid).matches()) {
                    throw new IllegalArgumentException(where + ".requiredSignerEku: \"" + oid
                            + "\" is not a dotted OID such as 1.3.6.1.5.5.7.3.3");
                }
            });
            for (Map.Entry<String, PublicKey> key : signer.keys().entrySet()) {
                String kidWhere = where + ".keys." + key.getKey();
                if (key.getKey().isEmpty()) {
                    throw new IllegalArgumentException(where + ".keys: a key id must not be empty");
                }
                if (!fitsAnyAlgorithm(key.getValue(), signer.algorithms())) {
                    throw new IllegalArgumentException(kidWhere + ": a " + key.getValue().getAlgorithm()
                            + " key cannot verify any of the signer's algorithms " + signer.algorithms());
                }
                PublicKey earlier = keysById.putIfAbsent(key.getKey(), key.getValue());
                if (earlier != null && !Arrays.equals(earlier.getEncoded(), key.getValue().getEncoded())) {
                    throw new IllegalArgumentException(kidWhere + ": key id is used by another signer for a different key");
                }
            }
        }
    }

    private static boolean fitsAnyAlgorithm(PublicKey key, Set<JwsAlgorithm> algorithms) {
        return algorithms.stream().anyMatch(alg -> JwsVerifiers.fits(alg, key));
    }
}
