package io.scephub.core.cert;

import java.time.Instant;
import java.util.List;

/**
 * What one certificate says, as the check reports it. {@code index} is its position in the file;
 * {@code certificateAuthority} is true for a CA (basic constraints CA, or issuing another
 * certificate of the file when it has no basic constraints); {@code pathLength} is null when unset.
 */
public record CertificateDetails(
        int index,
        String subject,
        String issuer,
        String serialNumberHex,
        String sha256Fingerprint,
        Instant notBefore,
        Instant notAfter,
        long daysLeft,
        boolean expired,
        boolean notYetValid,
        PublicKeyDescription publicKey,
        List<String> keyUsage,
        List<ExtendedKeyUsageEntry> extendedKeyUsages,
        Boolean basicConstraintsCa,
        Integer pathLength,
        boolean certificateAuthority,
        boolean selfSigned,
        OdaExtension odaExtension) {
    public CertificateDetails {
        keyUsage = List.copyOf(keyUsage);
        extendedKeyUsages = List.copyOf(extendedKeyUsages);
    }

    /** A device (end-entity) certificate, the kind that must carry the Okta extension. */
    public boolean endEntity() {
        return !certificateAuthority;
    }
}
