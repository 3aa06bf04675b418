package io.scephub.hub.devices;

import io.scephub.core.error.ScephubException;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.renewal.RenewalPlanner;
import io.scephub.hub.HubSession;
import io.scephub.hub.state.DeviceStateCounts;
import io.scephub.hub.state.StuckDeviceRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At the end of a sync, counts the devices of each enrollment with a renewal policy by certificate state (one streamed
 * status read per enrollment) and stores the counts for the console's renewals page, which never calls a vendor.
 * The devices the renewal rings report stuck are stored beside the counts (for the console and {@code doctor}).
 * A read that fails is logged and skipped: the counts are a view, never a reason for a sync to fail.
 */
public final class DeviceStateRecorder {
    private static final Logger log = LoggerFactory.getLogger(DeviceStateRecorder.class);

    private DeviceStateRecorder() {
    }

    public static void record(HubSession session, DesiredState desired, List<String> enrollments, String runId, DeviceStateCounts store,
                              Instant now) {
        List<DeviceStateCounts.Counts> counts = new ArrayList<>();
        List<StuckDeviceRecords.Stuck> stuck = new ArrayList<>();
        for (EnrollmentSpec e : desired.enrollments()) {
            if (!enrollments.contains(e.name()) || !RenewalPlanner.applies(e)) {
                continue;
            }
            DeviceStateTally tally = new DeviceStateTally(now, e.renewal().orElseThrow().redistributeBeforeExpiry());
            boolean[] profileFound = {true};
            try {
                session.deviceStatuses(Optional.of(e.name()), tally, notice -> {
                    if (notice.startsWith("enrollment " + e.name() + ":")) {
                        profileFound[0] = false;
                    }
                });
            } catch (ScephubException | IllegalStateException ex) {
                log.warn("device_states_not_counted run={} enrollment={} code={}", runId, e.name(),
                        ex instanceof ScephubException se ? se.code() : ex.getClass().getSimpleName());
                continue;
            }
            if (profileFound[0]) {
                counts.add(tally.counts(e.name(), e.mdm(), runId));
                stuck.addAll(tally.stuck(runId));
            }
        }
        if (counts.isEmpty()) {
            return;
        }
        try {
            store.record(counts);
            store.stuckDevices().replace(counts.stream().map(DeviceStateCounts.Counts::enrollment).toList(), stuck);
            log.info("device_states_counted run={} enrollments={} stuck={}", runId, counts.size(), stuck.size());
        } catch (RuntimeException ex) {
            log.warn("device_states_not_recorded run={} error={}", runId, ex.getMessage());
        }
    }
}
