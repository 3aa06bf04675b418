package io.scephub.core.devices;

import io.scephub.core.check.DeliveryState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One device in scope of one enrollment: where the enrollment's profile stands on it and the
 * certificate it holds, as {@code scephub status devices} prints it.
 *
 * @param mdm the MDM connector id
 * @param deviceId the MDM's id of the device
 * @param delivery where the profile stands, in scephub's words
 * @param vendorStatus the MDM's own status word for the profile on the device
 * @param lastReported when the device last reported on the profile
 * @param certificate the certificate from the profile, when the MDM reports one
 * @param detail what else the MDM says (e.g. a failed install command's error), or empty
 */
public record DeviceStatus(String enrollment, String mdm, String deviceId, String deviceName, Optional<String> serialNumber,
                           DeliveryState delivery, String vendorStatus, Optional<Instant> lastReported,
                           Optional<CertificateState> certificate, String detail) {
    public DeviceStatus {
        Objects.requireNonNull(enrollment, "enrollment");
        Objects.requireNonNull(mdm, "mdm");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(deviceName, "deviceName");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(vendorStatus, "vendorStatus");
        Objects.requireNonNull(lastReported, "lastReported");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(detail, "detail");
    }

    /** When the device's certificate expires, if the MDM reports it. */
    public Optional<Instant> expiresAt() {
        return certificate.flatMap(CertificateState::expiresAt);
    }
}
