package io.scephub.core.cert;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate file's content: its container, its certificates in file order, whether it also
 * holds a private key, and any PEM blocks that were neither (e.g. a CSR), by label.
 */
public record ParsedCertificateFile(
        CertificateFileFormat format,
        List<X509Certificate> certificates,
        boolean privateKeyPresent,
        List<String> otherPemLabels) {
    public ParsedCertificateFile {
        certificates = List.copyOf(certificates);
        otherPemLabels = List.copyOf(otherPemLabels);
    }
}
