package io.scephub.core.cert;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** A checked file: the report plus its certificates (file order), for writing a PEM copy. */
public record InspectedFile(CertificateReport report, List<X509Certificate> certificates) {
    public InspectedFile {
        certificates = List.copyOf(certificates);
    }

    /** The certificates as PEM, leaf first and each issuer after its subject, without any key. */
    public String orderedPem() {
        List<X509Certificate> ordered = new ArrayList<>();
        for (int index : report.chain().properOrder()) {
            ordered.add(certificates.get(index));
        }
        return CertificatePemWriter.toPem(ordered);
    }
}
