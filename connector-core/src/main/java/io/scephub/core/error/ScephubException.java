package io.scephub.core.error;

/**
 * Base of scephub's exception families. {@link #code()} is stable and meant for scripts and
 * logs; messages never contain secret values.
 */
public abstract class ScephubException extends RuntimeException {
    private final String code;

    protected ScephubException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
