package io.scephub.core.challenge;

import io.scephub.core.model.Platform;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One trusted MDM challenge signer: {@code delegatedChallenge.signers[i]} of scephub.yaml.
 *
 * @param issuer            the {@code iss} its tokens must carry (the MDM tenant)
 * @param audience          the SCEP configuration its tokens are for ({@code aud})
 * @param algorithms        the {@code alg}s it may use (a subset of {@link JwsAlgorithm})
 * @param trustAnchors      roots that {@code x5c} chains must validate to; empty: no x5c tokens
 * @param requiredSignerEku OID the x5c leaf must carry in its extended key usage, if any
 * @param keys              public keys by {@code kid} for tokens without x5c; empty: no kid tokens
 * @param requireKeyBinding whether tokens must carry {@code cnf} and be checked against a CSR
 * @param platform          the platform of the SCEP configuration; a token's
 *                          {@code scephub_platform} must equal it when both are present
 * @param enrollment        the enrollment this configuration belongs to; a token for an
 *                          enrollment no longer desired is rejected
 */
public record ChallengeSigner(
        String issuer,
        String audience,
        Set<JwsAlgorithm> algorithms,
        List<X509Certificate> trustAnchors,
        Optional<String> requiredSignerEku,
        Map<String, PublicKey> keys,
        boolean requireKeyBinding,
        Optional<Platform> platform,
        Optional<String> enrollment) {

    public ChallengeSigner {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        algorithms = Set.copyOf(Objects.requireNonNull(algorithms, "algorithms"));
        trustAnchors = List.copyOf(Objects.requireNonNull(trustAnchors, "trustAnchors"));
        Objects.requireNonNull(requiredSignerEku, "requiredSignerEku");
        keys = Map.copyOf(Objects.requireNonNull(keys, "keys"));
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(enrollment, "enrollment");
    }

    /** A signer of x5c tokens with the common defaults: no EKU, no key binding, no platform/enrollment. */
    public static ChallengeSigner forCertificates(String issuer, String audience, Set<JwsAlgorithm> algorithms,
                                                  List<X509Certificate> trustAnchors) {
        return new ChallengeSigner(issuer, audience, algorithms, trustAnchors, Optional.empty(), Map.of(), false,
                Optional.empty(), Optional.empty());
    }

    /** A signer of kid tokens with the common defaults: no key binding, no platform/enrollment. */
    public static ChallengeSigner forKeys(String issuer, String audience, Set<JwsAlgorithm> algorithms,
                                          Map<String, PublicKey> keys) {
        return new ChallengeSigner(issuer, audience, algorithms, List.of(), Optional.empty(), keys, false,
                Optional.empty(), Optional.empty());
    }

    public ChallengeSigner withRequiredSignerEku(String oid) {
        return new ChallengeSigner(issuer, audience, algorithms, trustAnchors, Optional.of(oid), keys,
                requireKeyBinding, platform, enrollment);
    }

    public ChallengeSigner withKeyBindingRequired() {
        return new ChallengeSigner(issuer, audience, algorithms, trustAnchors, requiredSignerEku, keys, true,
                platform, enrollment);
    }

    public ChallengeSigner withPlatform(Platform value) {
        return new ChallengeSigner(issuer, audience, algorithms, trustAnchors, requiredSignerEku, keys,
                requireKeyBinding, Optional.of(value), enrollment);
    }

    public ChallengeSigner withEnrollment(String name) {
        return new ChallengeSigner(issuer, audience, algorithms, trustAnchors, requiredSignerEku, keys,
                requireKeyBinding, platform, Optional.of(name));
    }
}
