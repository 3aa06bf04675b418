package io.scephub.core.cert;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of checking one certificate file: its format, whether Okta would take it, every
 * certificate in file order, how they chain, and the findings. {@link #verdict()} is the worst
 * finding's severity.
 */
public record CertificateReport(
        String source,
        CertificateFileFormat format,
        boolean privateKeyPresent,
        boolean meantForUpload,
        OktaUploadVerdict oktaUpload,
        List<CertificateDetails> certificates,
        ChainAnalysis chain,
        List<Finding> findings) {
    public CertificateReport {
        certificates = List.copyOf(certificates);
        findings = List.copyOf(findings);
    }

    /** PASS when every finding passed, WARN when the worst is a warning, FAIL otherwise. */
    public Severity verdict() {
        Severity worst = Severity.PASS;
        for (Finding finding : findings) {
            worst = worst.worst(finding.severity());
        }
        return worst;
    }

    /**
     * The report once a leaf-first PEM copy has been written to {@code outputPath}: a refused
     * container is no longer a failure, because the PEM copy is what gets uploaded.
     */
    public CertificateReport withPemCopyWrittenTo(String outputPath) {
        List<Finding> updated = new ArrayList<>();
        for (Finding finding : findings) {
            if (finding.code().equals(CertificateInspector.UPLOAD_FORMAT_REFUSED)) {
                updated.add(Finding.warn(CertificateInspector.UPLOAD_FORMAT_CONVERTED,
                        "Okta refuses " + format.displayName() + "; a PEM copy was written to " + outputPath,
                        "Upload " + outputPath + " to Okta instead of " + source));
            } else {
                updated.add(finding);
            }
        }
        updated.add(Finding.pass(CertificateInspector.PEM_COPY_WRITTEN,
                "Wrote " + certificates.size() + " certificate(s), leaf first, as PEM to " + outputPath));
        return new CertificateReport(source, format, privateKeyPresent, meantForUpload, oktaUpload, certificates, chain, updated);
    }
}
