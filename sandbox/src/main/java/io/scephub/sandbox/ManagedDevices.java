package io.scephub.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Intune's managed devices and each profile's per-device status, in Graph's shapes, for device
 * triage. Two demo devices are always enrolled: {@value #HEALTHY} and {@value #BROKEN}. When a
 * Windows SCEP profile is created, Intune "reports" it succeeded ({@code compliant}) on the healthy
 * one and failed ({@code error}) on the broken one; a macOS SCEP profile is {@code notApplicable} on
 * both. Not thread-safe: {@link GraphSimulator} calls it under its lock.
 */
final class ManagedDevices {
    static final String HEALTHY = "WIN-HEALTHY-01";
    static final String BROKEN = "WIN-BROKEN-02";
    static final String HEALTHY_SERIAL = "SBX-0001-HEALTHY";
    static final String BROKEN_SERIAL = "SBX-0002-BROKEN";
    /** Graph's complianceStatus enum, which deviceStatuses report in (the portal shows compliant as "Succeeded"). */
    static final Set<String> STATUSES = Set.of("unknown", "notApplicable", "compliant", "remediated", "nonCompliant", "error",
            "conflict", "notAssigned");
    private static final Pattern FILTER = Pattern.compile("^\\s*(deviceName|serialNumber)\\s+eq\\s+'((?:[^']|'')*)'\\s*$");

    private final ObjectMapper json;
    private final Map<String, ObjectNode> devices = new LinkedHashMap<>();
    /** Per profile id, per device id, the status entry. */
    private final Map<String, Map<String, ObjectNode>> statuses = new LinkedHashMap<>();
    /** {@link #devices} in order, rebuilt after a change, so paging the list costs O(page), not a copy per page. */
    private List<ObjectNode> ordered;
    /** Per profile id, its statuses in order; dropped when one changes. */
    private final Map<String, List<ObjectNode>> orderedStatuses = new java.util.HashMap<>();

    ManagedDevices(ObjectMapper json) {
        this.json = json;
    }

    /** The stable id of a seeded demo device. */
    static String seededDeviceId(String deviceName) {
        return UUID.nameUUIDFromBytes(("sandbox-graph-device:" + deviceName).getBytes(StandardCharsets.UTF_8)).toString();
    }

    void reset(Instant now) {
        devices.clear();
        ordered = null;
        statuses.clear();
        orderedStatuses.clear();
        add(seededDeviceId(HEALTHY), HEALTHY, HEALTHY_SERIAL, now);
        add(seededDeviceId(BROKEN), BROKEN, BROKEN_SERIAL, now);
    }

    String add(String id, String deviceName, String serialNumber, Instant now) {
        ObjectNode device = json.createObjectNode();
        device.put("@odata.type", "#microsoft.graph.managedDevice");
        device.put("id", id);
        device.put("deviceName", deviceName);
        device.put("serialNumber", serialNumber);
        device.put("operatingSystem", "Windows");
        device.put("osVersion", "10.0.22631.3880");
        device.put("model", "Sandbox Virtual Machine");
        device.put("manufacturer", "scephub sandbox");
        device.put("managedDeviceOwnerType", "company");
        device.put("managementState", "managed");
        device.put("complianceState", "compliant");
        device.put("azureADDeviceId", UUID.nameUUIDFromBytes(("sandbox-entra-device:" + id).getBytes(StandardCharsets.UTF_8)).toString());
        device.put("userPrincipalName", "user@sandbox.example");
        device.put("enrolledDateTime", now.toString());
        device.put("lastSyncDateTime", now.toString());
        devices.put(id, device);
        ordered = null;
        return id;
    }

    List<ObjectNode> list(Optional<String> filter) {
        if (filter.isEmpty() || filter.get().isBlank()) {
            if (ordered == null) {
                ordered = List.copyOf(devices.values());
            }
            return ordered;
        }
        Matcher matcher = FILTER.matcher(filter.get());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("the sandbox supports deviceName eq '<name>' or serialNumber eq '<serial>' "
                    + "(double a ' inside the value), got: " + filter.get());
        }
        String property = matcher.group(1);
        String value = matcher.group(2).replace("''", "'");
        return devices.values().stream().filter(d -> d.path(property).asText("").equalsIgnoreCase(value)).toList();
    }

    Optional<ObjectNode> device(String id) {
        return Optional.ofNullable(devices.get(id));
    }

    List<ObjectNode> statuses(String profileId) {
        return orderedStatuses.computeIfAbsent(profileId, id -> List.copyOf(statuses.getOrDefault(id, Map.of()).values()));
    }

    /** What Intune would report a while after a SCEP profile is created; other profile types get no statuses. */
    void profileCreated(String profileId, String type, Instant now) {
        if (type.equals("windows81SCEPCertificateProfile")) {
            setStatus(profileId, seededDeviceId(HEALTHY), "compliant", now);
            setStatus(profileId, seededDeviceId(BROKEN), "error", now);
        } else if (type.equals("macOSScepCertificateProfile")) {
            setStatus(profileId, seededDeviceId(HEALTHY), "notApplicable", now);
            setStatus(profileId, seededDeviceId(BROKEN), "notApplicable", now);
        }
    }

    void setStatus(String profileId, String deviceId, String status, Instant now) {
        ObjectNode device = devices.get(deviceId);
        if (device == null) {
            throw new IllegalArgumentException("no managed device " + deviceId + "; add it with addManagedDevice first");
        }
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("status \"" + status + "\" is not a Graph complianceStatus; expected one of "
                    + String.join(", ", STATUSES.stream().sorted().toList()));
        }
        ObjectNode entry = json.createObjectNode();
        entry.put("@odata.type", "#microsoft.graph.deviceConfigurationDeviceStatus");
        entry.put("id", profileId + "_" + deviceId);
        entry.put("deviceDisplayName", device.path("deviceName").asText());
        entry.put("userName", "Sandbox User");
        entry.put("deviceModel", device.path("model").asText());
        entry.put("platform", 0);
        entry.put("complianceGracePeriodExpirationDateTime", "9999-12-31T23:59:59Z");
        entry.put("status", status);
        entry.put("lastReportedDateTime", now.toString());
        entry.put("userPrincipalName", device.path("userPrincipalName").asText());
        statuses.computeIfAbsent(profileId, id -> new LinkedHashMap<>()).put(deviceId, entry);
        orderedStatuses.remove(profileId);
    }
}
