package io.scephub.core.challenge;

import io.scephub.core.challenge.ChallengeRejected.Reason;

/**
 * Ends verification at the first failed check. Internal only: {@link ChallengeVerifier} turns it
 * into a {@link ChallengeRejected}. No stack trace, because rejections are an expected, hot path
 * (an attacker can send many bad tokens).
 */
final class Rejection extends Exception {

    private final Reason reason;

    Rejection(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    ChallengeRejected toDecision() {
        return new ChallengeRejected(reason, getMessage());
    }
}
