package io.scephub.hub.devices;

import io.scephub.core.check.DeliveryState;
import io.scephub.core.devices.DeviceStatus;
import io.scephub.hub.state.DeviceStateCounts;
import io.scephub.hub.state.StuckDeviceRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Counts one enrollment's devices by certificate state as a status read streams them (nothing is kept per device).
 * The states are the same for every MDM: failed and pending come from the delivery state the MDM reports; a device
 * that installed the profile is expired, expiring (within {@code expiringWithin} of now) or issued by its
 * certificate's expiry; what fits none of these (not applicable, no status, no expiry reported) is other.
 * Devices {@link StuckDevices} marked stuck are kept too (at most {@link StuckDeviceRecords#KEEP}, all counted).
 */
public final class DeviceStateTally implements Consumer<DeviceStatus> {
    private final Instant now;
    private final Duration expiringWithin;
    private long issued;
    private long expiring;
    private long expired;
    private long pending;
    private long failed;
    private long other;
    private long stuckTotal;
    private final List<DeviceStatus> stuck = new ArrayList<>();

    public DeviceStateTally(Instant now, Duration expiringWithin) {
        this.now = now;
        this.expiringWithin = expiringWithin;
    }

    @Override
    public void accept(DeviceStatus device) {
        if (device.detail().contains(StuckDevices.STUCK)) {
            stuckTotal++;
            if (stuck.size() < StuckDeviceRecords.KEEP) {
                stuck.add(device);
            }
        }
        if (device.delivery() == DeliveryState.FAILED) {
            failed++;
            return;
        }
        if (device.delivery() == DeliveryState.PENDING) {
            pending++;
            return;
        }
        Instant expires = device.certificate().flatMap(c -> c.expiresAt()).orElse(null);
        if (expires == null) {
            other++;
        } else if (!expires.isAfter(now)) {
            expired++;
        } else if (!expires.isAfter(now.plus(expiringWithin))) {
            expiring++;
        } else {
            issued++;
        }
    }

    /** The stuck devices so far, as rows of {@code renewal_stuck_devices}. */
    public List<StuckDeviceRecords.Stuck> stuck(String runId) {
        return stuck.stream().map(d -> new StuckDeviceRecords.Stuck(d.enrollment(), d.mdm(), d.deviceId(), d.deviceName(),
                d.detail().substring(d.detail().indexOf(StuckDevices.STUCK)), runId, now, stuckTotal)).toList();
    }

    /** The counts so far, as one row of {@code device_state_counts}. */
    public DeviceStateCounts.Counts counts(String enrollment, String mdm, String runId) {
        return new DeviceStateCounts.Counts(enrollment, mdm, runId, now, issued, expiring, expired, pending, failed, other);
    }
}
