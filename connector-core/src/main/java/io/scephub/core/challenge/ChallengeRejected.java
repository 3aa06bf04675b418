package io.scephub.core.challenge;

import java.util.Objects;

/**
 * A challenge that failed a check. {@code detail} says which rule failed and what was expected;
 * it never contains the token, any part of it, or any secret.
 */
public record ChallengeRejected(Reason reason, String detail) implements ChallengeDecision {

    /** Why a challenge was rejected: exactly the reasons of DELEGATED-CHALLENGE.md, in check order. */
    public enum Reason {
        /** Not a well-formed compact JWS, or a header/claim is missing, duplicated or of the wrong type. */
        MALFORMED,
        /** The token is longer than 16 KiB. */
        TOO_LARGE,
        /** {@code alg} is not allowed (globally or for this signer). */
        UNSUPPORTED_ALGORITHM,
        /** Unknown {@code kid}, a key carried in the token, or an x5c chain to no configured anchor. */
        UNTRUSTED_SIGNER,
        /** The x5c chain reaches an anchor but a certificate is expired, not yet valid or not fit to sign. */
        SIGNER_CERT_INVALID,
        /** The signature does not verify, is of the wrong form, or {@code alg} does not fit the key. */
        BAD_SIGNATURE,
        /** {@code iss} is not the issuer configured for the signer. */
        WRONG_ISSUER,
        /** {@code aud} does not name the signer's SCEP configuration, or its enrollment is gone. */
        WRONG_AUDIENCE,
        /** {@code exp} (plus clock skew) is in the past. */
        EXPIRED,
        /** {@code nbf} or {@code iat} (minus clock skew) is in the future. */
        NOT_YET_VALID,
        /** {@code exp - iat} exceeds the configured maximum lifetime. */
        LIFETIME_TOO_LONG,
        /** {@code scephub_platform} is not the signer's platform. */
        WRONG_PLATFORM,
        /** The CSR does not belong to this challenge (challengePassword, {@code cnf} key binding). */
        CSR_MISMATCH,
        /** The CSR cannot be parsed or its own signature does not verify. */
        CSR_INVALID,
        /** The CSR's subject differs from {@code scephub_csr.subject}. */
        SUBJECT_MISMATCH,
        /** The CSR asks for a SAN the profile does not allow. */
        SAN_MISMATCH,
        /** The CSR's key type or size differs from {@code scephub_csr.keyType}/{@code minKeySize}. */
        KEY_MISMATCH,
        /** The CSR's key usage differs from {@code scephub_csr.keyUsage}. */
        KEY_USAGE_MISMATCH,
        /** The CSR's extended key usages differ from {@code scephub_csr.eku}. */
        EKU_MISMATCH,
        /** The {@code jti} was already used within its lifetime. */
        REPLAYED,
        /**
         * Decided by a hub with several tenants, not by the verifier: the token is signed by a signer another
         * tenant trusts (signature, iss and aud verified against that tenant's configuration), not this one.
         */
        WRONG_TENANT
    }

    public ChallengeRejected {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
