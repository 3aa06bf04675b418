package io.scephub.core.check;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an MDM says about one enrollment's SCEP profile on one device.
 *
 * @param deviceId the MDM's id of the device
 * @param deviceName the device name the MDM shows
 * @param serialNumber the hardware serial, when the MDM knows it
 * @param profileName the name of the SCEP profile in the MDM (empty when it is missing)
 * @param state the delivery state in scephub's words
 * @param vendorStatus the MDM's own status word (e.g. Intune's {@code error}), for the message
 * @param lastReported when the device last reported on the profile
 */
public record DeviceProfileStatus(String deviceId, String deviceName, Optional<String> serialNumber, String profileName,
                                  DeliveryState state, String vendorStatus, Optional<Instant> lastReported) {
    public DeviceProfileStatus {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(deviceName, "deviceName");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(profileName, "profileName");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(vendorStatus, "vendorStatus");
        Objects.requireNonNull(lastReported, "lastReported");
    }
}
