package io.scephub.core.error;

/** A secret reference ({@code ${env:X}}, {@code ${file:p}}) could not be resolved; names the reference, never a value. */
public class SecretResolutionError extends ScephubException {
    public SecretResolutionError(String message) {
        super("SECRET_UNRESOLVED", message, null);
    }
}
