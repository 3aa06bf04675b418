package io.scephub.core.spi;

import io.scephub.core.check.DeviceProfileStatus;
import io.scephub.core.model.EnrollmentSpec;
import java.util.Optional;

/**
 * Optional capability of an MDM {@link Connector}: asks the MDM whether an enrollment's SCEP profile
 * reached one device and with what status (the first of {@code doctor}'s three checks).
 */
public interface DeviceTriage {

    /**
     * The profile's status on the device named {@code deviceNameOrSerial} (device name or hardware
     * serial); empty when the MDM knows no such device.
     */
    Optional<DeviceProfileStatus> deviceStatus(String deviceNameOrSerial, EnrollmentSpec enrollment);
}
