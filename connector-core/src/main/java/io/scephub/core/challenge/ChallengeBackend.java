package io.scephub.core.challenge;

import java.util.Optional;

/**
 * Decides whether a delegated SCEP challenge is good. {@link ChallengeVerifier} verifies signed
 * tokens offline; a relay to Intune's ScepRequestValidationFEService can implement the same contract.
 */
public interface ChallengeBackend {

    /**
     * Verifies {@code token} and, when given, that {@code csr} (PEM or DER PKCS#10) belongs to it.
     * Never throws for bad input: every problem is a {@link ChallengeRejected} with one reason.
     */
    ChallengeDecision verify(String token, Optional<byte[]> csr);
}
