package io.scephub.core.scep;

/** A SCEP server answered against RFC 8894, or not at all; the message says what and where. */
public final class ScepProtocolException extends RuntimeException {

    public ScepProtocolException(String message) {
        super(message);
    }

    public ScepProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
