package io.scephub.hub.devices;

import io.scephub.core.error.ScephubException;
import io.scephub.hub.HubSession;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one per-device status read into a {@link DeviceStatusWriter}, for the CLI and the REST API alike. */
public final class DeviceStatusExport {
    private static final Logger log = LoggerFactory.getLogger(DeviceStatusExport.class);

    private DeviceStatusExport() {
    }

    /**
     * Streams every device of {@code enrollment} (or of all enrollments) into {@code writer}.
     *
     * @return true when the output is complete; false when a vendor read failed after output began
     *         (the output then ends with the error)
     * @throws ScephubException when the read failed before anything was written (e.g. an unknown enrollment)
     */
    public static boolean export(HubSession session, Optional<String> enrollment, DeviceStatusWriter writer) {
        try {
            session.deviceStatuses(enrollment, writer::device, writer::notice);
        } catch (ScephubException e) {
            if (!writer.started()) {
                throw e;
            }
            log.warn("device_status_incomplete devices={} code={}", writer.devices(), e.code());
            writer.fail(e.code(), e.getMessage());
            return false;
        }
        writer.finish();
        log.info("device_status devices={}", writer.devices());
        return true;
    }
}
