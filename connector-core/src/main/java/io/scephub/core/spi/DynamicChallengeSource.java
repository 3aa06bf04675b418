package io.scephub.core.spi;

import io.scephub.core.model.Secret;

/**
 * One-time SCEP challenges fetched on demand from the identity side (Okta's dynamic challenge URL),
 * for an MDM that asks scephub for them instead of holding the identity side's credentials itself.
 */
public interface DynamicChallengeSource {

    /**
     * A fresh one-time challenge for the enrollment whose SCEP URL is {@code scepUrl}.
     *
     * @throws io.scephub.core.error.ChallengeUnavailable naming the reason (unknown URL, refused, no answer)
     */
    Secret challengeFor(String scepUrl);
}
