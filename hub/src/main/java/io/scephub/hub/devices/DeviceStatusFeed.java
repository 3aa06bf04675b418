package io.scephub.hub.devices;

import java.util.Optional;

/** Where {@code GET /api/v1/devices} gets its devices: one per-device status read per request. */
@FunctionalInterface
public interface DeviceStatusFeed {

    /**
     * Streams the devices of {@code enrollment} (or all) into {@code writer}.
     *
     * @return false when the read failed after output began (the output ends with the error)
     */
    boolean stream(Optional<String> enrollment, DeviceStatusWriter writer);

}
