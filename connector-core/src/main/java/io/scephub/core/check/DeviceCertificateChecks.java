package io.scephub.core.check;

import io.scephub.core.cert.CertificateDetails;
import io.scephub.core.cert.CertificateInspector;
import io.scephub.core.cert.Finding;
import io.scephub.core.cert.InspectedFile;
import io.scephub.core.cert.OdaExtension;
import io.scephub.core.cert.Severity;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks of one device certificate exported from a device: that it chains to what Okta trusts, and
 * that it carries the Okta Device Access extension and the client-authentication EKU (the findings
 * of {@link CertificateInspector}, turned into check results).
 */
public final class DeviceCertificateChecks {
    /** The inspector findings that speak about the extension, the EKU and the validity of a device certificate. */
    private static final Set<String> DEVICE_FINDINGS = Set.of(
            CertificateInspector.ODA_EXTENSION_OK, CertificateInspector.ODA_EXTENSION_MISSING,
            CertificateInspector.ODA_EXTENSION_WRONG_VALUE, CertificateInspector.ODA_EXTENSION_NOT_INTEGER,
            CertificateInspector.ODA_ONLY_AS_EKU_OR_POLICY, CertificateInspector.ODA_EXTENSION_CRITICAL,
            CertificateInspector.CLIENT_AUTH_EKU_MISSING, CertificateInspector.CERT_EXPIRED,
            CertificateInspector.CERT_NOT_YET_VALID, CertificateInspector.CERT_EXPIRES_SOON);

    private final Clock clock;

    public DeviceCertificateChecks(Clock clock) {
        this.clock = clock;
    }

    /** The device (end-entity) certificate of an inspected file: the first one that is not a CA. */
    public static Optional<X509Certificate> deviceCertificate(InspectedFile file) {
        List<CertificateDetails> details = file.report().certificates();
        for (int i = 0; i < details.size(); i++) {
            if (details.get(i).endEntity()) {
                return Optional.of(file.certificates().get(details.get(i).index()));
            }
        }
        return Optional.empty();
    }

    /** The extension, EKU and validity findings of the file as check results named {@code certificate.<code>}. */
    public List<CheckResult> extensionAndEku(String subject, InspectedFile file) {
        List<CheckResult> results = new ArrayList<>();
        if (deviceCertificate(file).isEmpty()) {
            results.add(CheckResult.fail(subject, "certificate.device", file.report().source()
                    + " holds no device certificate (only CA certificates)",
                    "Export the device's own certificate (Windows: Local Computer > Personal > Certificates; "
                            + "macOS: System keychain), not its issuer"));
            return results;
        }
        boolean odaSeen = false;
        for (Finding finding : file.report().findings()) {
            if (!DEVICE_FINDINGS.contains(finding.code())) {
                continue;
            }
            odaSeen |= finding.code().startsWith("ODA_");
            results.add(new CheckResult(subject, "certificate." + finding.code().toLowerCase(java.util.Locale.ROOT),
                    status(finding.severity()), finding.message(), nextStepFor(finding)));
        }
        if (!odaSeen) {
            results.add(CheckResult.fail(subject, "certificate.oda_extension", "no Okta Device Access extension finding for "
                    + file.report().source(), "Add extension " + OdaExtension.OID + " = INTEGER 1 to the certificate template"));
        }
        return results;
    }

    /**
     * Whether {@code device} was issued by a certificate of {@code trusted} (Okta's chain for the
     * enrollment, issuing CA first) with a valid signature, and is within its validity period.
     */
    public CheckResult chainsTo(String subject, X509Certificate device, List<X509Certificate> trusted) {
        String name = "certificate.chains-to-okta";
        if (trusted.isEmpty()) {
            return CheckResult.skipped(subject, name, "Okta holds no chain for this enrollment, so the certificate cannot be checked against it");
        }
        String issuer = device.getIssuerX500Principal().getName();
        for (X509Certificate ca : trusted) {
            if (!ca.getSubjectX500Principal().equals(device.getIssuerX500Principal())) {
                continue;
            }
            try {
                device.verify(ca.getPublicKey());
            } catch (GeneralSecurityException e) {
                return CheckResult.fail(subject, name, "the certificate names " + issuer + " as issuer, but its signature does not "
                        + "verify with the CA of that name in Okta (" + e.getClass().getSimpleName() + ")",
                        "The CA in Okta is not the one that issued this certificate (re-keyed or replaced CA?): upload the "
                                + "issuing CA's current chain to Okta (PEM or DER), e.g. with scephub apply");
            }
            try {
                device.checkValidity(Date.from(clock.instant()));
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                return CheckResult.fail(subject, name, "the certificate chains to " + issuer + " but is outside its validity "
                        + "period (" + device.getNotBefore().toInstant() + " to " + device.getNotAfter().toInstant() + ")",
                        "Re-push the SCEP profile so the device enrols a new certificate");
            }
            return CheckResult.pass(subject, name, "issued by " + issuer + ", which is in the chain Okta trusts for this enrollment");
        }
        return CheckResult.fail(subject, name, "the certificate was issued by " + issuer + ", which is not in the chain Okta trusts ("
                        + String.join("; ", trusted.stream().map(c -> c.getSubjectX500Principal().getName()).toList()) + ")",
                "Upload the intermediate CA that issued it (and its root) to Okta as PEM or DER, and use that CA in the "
                        + "enrollment's ca setting; or point the SCEP profile at the CA Okta trusts");
    }

    private static CheckResult.Status status(Severity severity) {
        return switch (severity) {
            case PASS -> CheckResult.Status.PASS;
            case WARN -> CheckResult.Status.WARN;
            case FAIL -> CheckResult.Status.FAIL;
        };
    }

    private static String nextStepFor(Finding finding) {
        if (finding.code().equals(CertificateInspector.ODA_EXTENSION_MISSING)) {
            return "Add the Okta Device Access extension " + OdaExtension.OID + " (INTEGER 1) to the certificate template of "
                    + "your CA (Okta as CA adds it itself: check the SCEP profile points at Okta's SCEP URL)";
        }
        return finding.nextStep();
    }
}
