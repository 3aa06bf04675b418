package io.scephub.core.error;

import java.io.IOException;

/**
 * Whether a failed vendor write may still have happened: the answer was lost (a reset, a read
 * timeout, no answer at all), the vendor timed the request out (408), or it failed with a 5xx after
 * receiving it, or it answered with an object that is not the one it was asked to write
 * ({@link OwnershipUnproven} after a write). Any other 4xx is a clear refusal. The applier repeats such a write and the connectors
 * list again before it, so both sides must agree on this one definition.
 */
public final class UnknownOutcome {
    private UnknownOutcome() {
    }

    public static boolean of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof VendorError vendor
                    && (vendor.status() == 0 || vendor.status() == 408 || vendor.status() >= 500)) {
                return true;
            }
            if (cause instanceof OwnershipUnproven unproven && unproven.afterWrite()) {
                return true;
            }
            if (cause instanceof IOException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
