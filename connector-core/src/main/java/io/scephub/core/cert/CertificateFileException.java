package io.scephub.core.cert;

import io.scephub.core.error.ScephubException;

/**
 * A certificate file could not be read at all: malformed content, a missing or wrong PKCS#12
 * password. Distinct from a failed check, which is a {@link Finding}. Never carries a password.
 */
public class CertificateFileException extends ScephubException {
    public static final String MALFORMED = "CERT_MALFORMED";
    public static final String WRONG_PASSWORD = "CERT_WRONG_PASSWORD";
    public static final String PASSWORD_UNAVAILABLE = "CERT_PASSWORD_UNAVAILABLE";
    public static final String UNREADABLE = "CERT_UNREADABLE";

    public CertificateFileException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }

    public CertificateFileException(String code, String message) {
        this(code, message, null);
    }
}
