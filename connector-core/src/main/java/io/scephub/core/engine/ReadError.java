package io.scephub.core.engine;

import io.scephub.core.error.ScephubException;

/** A connector could not read what exists, so no plan can be made. */
public class ReadError extends ScephubException {
    public ReadError(String message, Throwable cause) {
        super("READ_FAILED", message, cause);
    }
}
