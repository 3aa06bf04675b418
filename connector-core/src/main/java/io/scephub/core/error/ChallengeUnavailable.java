package io.scephub.core.error;

/**
 * A dynamic challenge could not be had: no enrollment has that SCEP URL, the identity provider
 * refused scephub's credentials, or did not answer. The message names the enrollment and what to do.
 */
public final class ChallengeUnavailable extends ScephubException {

    /** Why, so an endpoint can answer with the right status. */
    public enum Reason { UNKNOWN_SCEP_URL, REFUSED, NO_ANSWER }

    private final Reason reason;

    public ChallengeUnavailable(Reason reason, String message, Throwable cause) {
        super("challenge-unavailable", message, cause);
        this.reason = reason;
    }

    public ChallengeUnavailable(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
