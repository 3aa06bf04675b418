package io.scephub.core.spi;

import io.scephub.core.model.DesiredState;

/** A connector capability of the identity side: one-time challenges for the enrollments of {@code state}. */
public interface DynamicChallenges {

    /** A source of challenges for {@code state}'s enrollments; it may keep what it learned (caches) for its lifetime. */
    DynamicChallengeSource challenges(DesiredState state);

    /**
     * As {@link #challenges(DesiredState)}, in place of {@code previous}, the source the same endpoints used until now
     * (from a session being replaced): what it learned that still holds for the same vendor objects may be carried over,
     * in memory. By default nothing is.
     */
    default DynamicChallengeSource challenges(DesiredState state, java.util.Optional<DynamicChallengeSource> previous) {
        return challenges(state);
    }
}
