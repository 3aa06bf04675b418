package io.scephub.core.renewal;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One device's certificate from a profile, as the MDM reports it. Any time may be unknown; the
 * planner then estimates the expiry from the issue or delivery time plus the configured validity.
 *
 * @param lastDelivery when the MDM last delivered the profile to the device (or the device last reported it)
 */
public record DeviceCertificate(String deviceId, String deviceName, Optional<String> serialNumber,
                                Optional<Instant> issuedAt, Optional<Instant> expiresAt, Optional<Instant> lastDelivery) {
    public DeviceCertificate {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(deviceName, "deviceName");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(lastDelivery, "lastDelivery");
    }
}
