package io.scephub.okta;

import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.Platform;
import io.scephub.okta.OktaRegistrationAuthority.DelegatedValidator;
import java.util.Objects;
import java.util.Optional;

/** What a new registration authority is created with; {@code delegated} is required exactly for delegated challenges. */
public record NewRegistrationAuthority(String name, String description, Platform platform, ChallengeType challengeType,
                                       Optional<DelegatedValidator> delegated) {
    public NewRegistrationAuthority {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(challengeType, "challengeType");
        if (delegated.isPresent() != (challengeType == ChallengeType.DELEGATED)) {
            throw new IllegalArgumentException("delegated validator must be given for, and only for, a DELEGATED challenge; got "
                    + challengeType + " with delegated " + (delegated.isPresent() ? "set" : "missing"));
        }
    }
}
