package io.scephub.core.cert;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/** Writes certificates as PEM, in the order given, certificates only (never a key). */
public final class CertificatePemWriter {
    private static final Base64.Encoder ENCODER = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private CertificatePemWriter() {
    }

    /** One CERTIFICATE block per certificate, 64-column base64, LF line ends. */
    public static String toPem(List<X509Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                pem.append("-----BEGIN CERTIFICATE-----\n")
                        .append(ENCODER.encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("certificate " + certificate.getSubjectX500Principal() + " cannot be encoded", e);
            }
        }
        return pem.toString();
    }
}
