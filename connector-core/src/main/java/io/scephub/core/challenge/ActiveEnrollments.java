package io.scephub.core.challenge;

/** Answers whether an enrollment is still in the desired state, so challenges for removed ones fail. */
@FunctionalInterface
public interface ActiveEnrollments {

    boolean isActive(String enrollmentName);

    /**
     * For verifiers rebuilt from the desired state on every reload: every enrollment a signer
     * names is by construction still desired.
     */
    static ActiveEnrollments allConfigured() {
        return name -> true;
    }
}
