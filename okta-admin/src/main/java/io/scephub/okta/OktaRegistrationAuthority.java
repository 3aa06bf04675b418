package io.scephub.okta;

import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.Platform;
import io.scephub.core.model.Secret;
import java.time.Instant;
import java.util.Optional;

/**
 * One Okta SCEP configuration, modelled as a registration authority under a certificate authority.
 * {@code dynamic} is present for {@link ChallengeType#DYNAMIC}, {@code delegated} for
 * {@link ChallengeType#DELEGATED}. {@code created}: Okta's creation time, which decides which of two
 * configurations carrying one marker stays managed.
 */
public record OktaRegistrationAuthority(String id, String caId, String name, Optional<String> description,
                                        Platform platform, ChallengeType challengeType, String status, String scepUrl,
                                        Optional<DelegatedValidator> delegated, Optional<DynamicChallenge> dynamic,
                                        Optional<Instant> created) {

    /** The Entra tenant and Intune app Okta uses to validate delegated challenges. */
    public record DelegatedValidator(String tenantId, String appId) {
    }

    /**
     * Where an MDM fetches one challenge per device, and the account it uses. The password is
     * present only in the answer to a create (Okta shows it once).
     */
    public record DynamicChallenge(String challengeUrl, String username, Optional<Secret> password) {
    }
}
