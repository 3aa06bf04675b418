package io.scephub.core.challenge;

/** The outcome of verifying one delegated SCEP challenge: accepted or rejected with one reason. */
public sealed interface ChallengeDecision permits ChallengeAccepted, ChallengeRejected {

    /** True for {@link ChallengeAccepted}. */
    default boolean accepted() {
        return this instanceof ChallengeAccepted;
    }
}
