package io.scephub.core.model;

import java.time.Period;
import java.util.List;
import java.util.Set;

/**
 * What the device certificate requested by the SCEP profile looks like.
 *
 * @param subject subject in the MDM's variable syntax (e.g. {@code CN={{DeviceId}}} on Intune)
 * @param validity certificate validity; with Okta as the CA it drives the renewal planner
 * @param renewalThresholdPercent share of the validity left when the device renews
 */
public record CertificateSpec(
        String subject,
        List<SubjectAlternativeName> subjectAlternativeNames,
        int keySize,
        String hashAlgorithm,
        Set<KeyUsage> keyUsage,
        List<ExtendedKeyUsage> extendedKeyUsages,
        Period validity,
        int renewalThresholdPercent) {

    public CertificateSpec {
        subjectAlternativeNames = List.copyOf(subjectAlternativeNames);
        keyUsage = Set.copyOf(keyUsage);
        extendedKeyUsages = List.copyOf(extendedKeyUsages);
    }
}
