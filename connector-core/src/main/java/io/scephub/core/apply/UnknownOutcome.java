package io.scephub.core.apply;

import io.scephub.core.error.VendorError;
import java.io.IOException;

/**
 * Whether a failed vendor write may still have happened: the answer was lost (a reset, a read
 * timeout, no answer at all) or the vendor failed with a 5xx after receiving it. A 4xx is a clear
 * refusal and is not retried.
 */
final class UnknownOutcome {
    private UnknownOutcome() {
    }

    static boolean of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof VendorError vendor && (vendor.status() == 0 || vendor.status() >= 500)) {
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
