package io.scephub.core.cert;

import io.scephub.core.model.Secret;

/**
 * Supplies the password of a PKCS#12 file; asked only when a file turns out to be PKCS#12. May
 * throw {@link CertificateFileException} with {@link CertificateFileException#PASSWORD_UNAVAILABLE}.
 */
@FunctionalInterface
public interface Pkcs12PasswordSource {
    Secret passwordFor(String source);

    /** For callers that never expect PKCS#12: any PKCS#12 file is reported as needing a password. */
    static Pkcs12PasswordSource none() {
        return source -> {
            throw new CertificateFileException(CertificateFileException.PASSWORD_UNAVAILABLE,
                    source + ": is PKCS#12 and no password source was given");
        };
    }
}
