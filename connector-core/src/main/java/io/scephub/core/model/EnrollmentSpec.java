package io.scephub.core.model;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One desired enrollment: an Okta SCEP configuration for a platform and challenge type, and the MDM
 * profile that delivers the certificate to the devices in the named groups.
 *
 * @param name stable, unique name; it becomes part of every resource key of the enrollment
 * @param mdm the id of the MDM connector that serves it (e.g. {@code intune})
 * @param settings the enrollment's own block for a connector, by connector id (e.g. its {@code okta:}
 *        block), read against that connector's {@code ConnectorProvider.enrollmentSettings()}
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
        Optional<Duration> rotateSecretEvery,
        Map<String, ConnectorSettings> settings) {

    public EnrollmentSpec {
        settings = Map.copyOf(settings);
    }

    /** An enrollment without connector blocks. */
    public EnrollmentSpec(String name, Platform platform, String mdm, ChallengeType challenge, CaSpec ca,
                          CertificateSpec certificate, GroupScope groups, Optional<RenewalPolicy> renewal,
                          Optional<Duration> rotateSecretEvery) {
        this(name, platform, mdm, challenge, ca, certificate, groups, renewal, rotateSecretEvery, Map.of());
    }

    /** This enrollment's block for connector {@code connectorId}, if it has one. */
    public Optional<ConnectorSettings> settingsFor(String connectorId) {
        return Optional.ofNullable(settings.get(connectorId));
    }
}
