package io.scephub.core.spi;

import io.scephub.core.model.DesiredState;

/** A connector capability of the identity side: one-time challenges for the enrollments of {@code state}. */
public interface DynamicChallenges {

    /** A source of challenges for {@code state}'s enrollments; it may keep what it learned (caches) for its lifetime. */
    DynamicChallengeSource challenges(DesiredState state);
}
