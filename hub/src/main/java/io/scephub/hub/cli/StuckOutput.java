package io.scephub.hub.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.config.ScephubConfig;
import io.scephub.core.renewal.RenewalPlanner;
import io.scephub.hub.HubSession;
import io.scephub.hub.state.StuckDeviceRecords;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code doctor}'s renewal section: the devices the renewal rings reported stuck at the last recorded sync, as text or JSON. */
record StuckOutput(List<StuckDeviceRecords.Stuck> devices, String problem) {

    /** The configured enrollments' stuck devices; a store that cannot be read becomes the problem line instead. */
    static StuckOutput read(HubSession session, ScephubConfig config) {
        Set<String> renewing = config.desired().enrollments().stream().filter(RenewalPlanner::applies)
                .map(e -> e.name()).collect(Collectors.toSet());
        if (renewing.isEmpty()) {
            return new StuckOutput(List.of(), "");
        }
        try {
            return new StuckOutput(session.stuckDevices().stream().filter(s -> renewing.contains(s.enrollment())).toList(), "");
        } catch (RuntimeException e) {
            return new StuckOutput(List.of(), "cannot read the record of stuck devices: " + e.getMessage());
        }
    }

    void text(PrintWriter out) {
        if (!problem.isEmpty()) {
            out.println("Renewal: " + problem);
            return;
        }
        if (devices.isEmpty()) {
            out.println("Renewal: no device stuck at the last recorded sync");
            return;
        }
        out.println("Renewal: " + devices.size() + " device" + (devices.size() == 1 ? "" : "s")
                + " stuck (pushed more than maxRepush times without re-enrolling; not pushed again):");
        for (StuckDeviceRecords.Stuck s : devices) {
            out.println("   FAIL  " + s.deviceName() + " (" + s.deviceId() + ", enrollment " + s.enrollment() + " on " + s.mdm() + ", sync at "
                    + s.recordedAt() + "): " + s.detail());
        }
        out.println("         next step: scephub doctor --device NAME for each, then push the profile by hand in the MDM console");
    }

    ArrayNode json() {
        ArrayNode array = new ObjectMapper().createArrayNode();
        for (StuckDeviceRecords.Stuck s : devices) {
            ObjectNode n = array.addObject();
            n.put("enrollment", s.enrollment());
            n.put("mdm", s.mdm());
            n.put("device_id", s.deviceId());
            n.put("device_name", s.deviceName());
            n.put("detail", s.detail());
            n.put("recorded_at", s.recordedAt().toString());
            n.put("stuck_in_enrollment", s.total());
        }
        return array;
    }
}
