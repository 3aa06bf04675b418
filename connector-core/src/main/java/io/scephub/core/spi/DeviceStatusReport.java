package io.scephub.core.spi;

import io.scephub.core.devices.DeviceStatus;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ResourceKey;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Optional capability of an MDM {@link Connector}: every device in scope of an enrollment's
 * certificate profile, with the profile's delivery state and the device's certificate, page by page.
 */
public interface DeviceStatusReport {

    /** The key of the profile that delivers the enrollment's certificates, if this connector serves it. */
    Optional<ResourceKey> statusProfile(EnrollmentSpec enrollment);

    /**
     * Hands each device's status to {@code sink} as its page arrives, so a fleet of any size streams
     * in bounded memory. A device appears at most once.
     */
    void deviceStatuses(EnrollmentSpec enrollment, ActualResource profile, Consumer<DeviceStatus> sink);
}
