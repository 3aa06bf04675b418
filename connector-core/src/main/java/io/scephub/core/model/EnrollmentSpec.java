package io.scephub.core.model;

import java.time.Duration;
import java.util.Optional;

/**
 * One desired enrollment: an Okta SCEP configuration for a platform and challenge type, and the MDM
 * profile that delivers the certificate to the devices in the named groups.
 *
 * @param name stable, unique name; it becomes part of every resource key of the enrollment
 * @param mdm the id of the MDM connector that serves it (e.g. {@code intune})
 */
public record EnrollmentSpec(
        String name,
        Platform platform,
        String mdm,
        ChallengeType challenge,
        CaSpec ca,
        CertificateSpec certificate,
        GroupScope groups,
        Optional<RenewalPolicy> renewal,
        Optional<Duration> rotateSecretEvery) {
}
