package io.scephub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Workspace ONE UEM's enrolled Windows devices and what each holds: per profile the installed
 * version and status, and the certificates credential profiles left in its store. A device gets a
 * profile (and, for a SCEP/credential profile, a new certificate) only the way UEM delivers it: when
 * a published version it does not hold yet reaches it (create, or an update with
 * {@code CreateNewVersion}) or when the profile is pushed to it again ({@code POST .../{id}/install}).
 * Devices marked failing report status 6 (error) and get no certificate. Not thread-safe: the
 * simulator calls it under its lock.
 */
final class WorkspaceOneDevices {
    static final int STATUS_INSTALLED = 3;
    static final int STATUS_ERROR = 6;
    /** How long the certificates devices enrol for are valid (Okta's CA decides; one year here). */
    static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(365);
    /** UEM's certificate dates as community scripts parse them ("M/d/yyyy h:mm:ss a"); unverified. */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US).withZone(ZoneOffset.UTC);

    /** One enrolled device. */
    record Device(long id, String serial, String name, Set<Long> smartGroups, boolean failsInstall) {
    }

    /** A certificate in a device's store; {@code profileId} 0 for one no profile delivered. */
    record Certificate(long profileId, String name, String issuer, Instant issuedAt, Instant expiresAt, String thumbprint) {
    }

    private record Held(int version, int status, Instant at) {
    }

    private final ObjectMapper json;
    private final Map<Long, Device> devices = new TreeMap<>();
    private final Map<String, Long> bySerial = new HashMap<>();
    /** {@link #devices} in id order, rebuilt after a change, so a search page costs O(page). */
    private List<Device> ordered;
    /** Per device id, per profile id, what the device holds. */
    private final Map<Long, Map<Long, Held>> held = new HashMap<>();
    private final Map<Long, List<Certificate>> certificates = new HashMap<>();
    private final Map<Long, Integer> installCommands = new HashMap<>();
    private long nextId;

    WorkspaceOneDevices(ObjectMapper json) {
        this.json = json;
    }

    void reset(Set<Long> allSmartGroups, Instant now) {
        devices.clear();
        bySerial.clear();
        ordered = null;
        held.clear();
        certificates.clear();
        installCommands.clear();
        nextId = 101;
        add(WorkspaceOneSimulator.HEALTHY_SERIAL, "WIN-WS1-HEALTHY-01", allSmartGroups, false, now);
        add(WorkspaceOneSimulator.BROKEN_SERIAL, "WIN-WS1-BROKEN-02", allSmartGroups, true, now);
    }

    /** Enrols a device; like a real one it holds UEM's own MDM identity certificate from its enrolment. */
    long add(String serial, String name, Set<Long> smartGroups, boolean failsInstall, Instant now) {
        long id = nextId++;
        devices.put(id, new Device(id, serial, name, Set.copyOf(smartGroups), failsInstall));
        bySerial.putIfAbsent(serial, id);
        ordered = null;
        List<Certificate> store = new ArrayList<>();
        store.add(new Certificate(0, "AirWatch MDM Device Identity", "AirWatchCa", now, now.plus(Duration.ofDays(730)),
                thumbprint(serial + "-mdm")));
        certificates.put(id, store);
        return id;
    }

    void failInstalls(long id, boolean fails) {
        Device d = devices.get(id);
        devices.put(id, new Device(d.id(), d.serial(), d.name(), d.smartGroups(), fails));
    }

    Optional<Device> bySerial(String serial) {
        return Optional.ofNullable(bySerial.get(serial)).map(devices::get);
    }

    Optional<Device> device(long id) {
        return Optional.ofNullable(devices.get(id));
    }

    List<Device> all() {
        if (ordered == null) {
            ordered = List.copyOf(devices.values());
        }
        return ordered;
    }

    int installCommands(long deviceId) {
        return installCommands.getOrDefault(deviceId, 0);
    }

    List<Certificate> certificates(long deviceId) {
        return List.copyOf(certificates.getOrDefault(deviceId, List.of()));
    }

    /** A profile was published (created, or a new version): every in-scope device not on this version installs it. */
    void published(ObjectNode profile, Instant now) {
        for (Device d : devices.values()) {
            if (inScope(profile, d)) {
                Held h = held.getOrDefault(d.id(), Map.of()).get(id(profile));
                if (h == null || h.version() != version(profile)) {
                    install(profile, d, now);
                }
            } else {
                remove(id(profile), d.id());
            }
        }
    }

    /** The assignments changed without a new version: newly assigned devices install it, unassigned ones lose it. */
    void reassigned(ObjectNode profile, Instant now) {
        for (Device d : devices.values()) {
            reassigned(profile, d, now);
        }
    }

    /** As {@link #reassigned(ObjectNode, Instant)} for one device (a newly enrolled one). */
    void reassigned(ObjectNode profile, Device d, Instant now) {
        boolean has = held.getOrDefault(d.id(), Map.of()).containsKey(id(profile));
        if (inScope(profile, d) && !has) {
            install(profile, d, now);
        } else if (!inScope(profile, d) && has) {
            remove(id(profile), d.id());
        }
    }

    void deleted(long profileId) {
        devices.keySet().forEach(d -> remove(profileId, d));
    }

    /** {@code POST /api/mdm/profiles/{id}/install} for one device: pushes the profile to it again. */
    void push(ObjectNode profile, Device d, Instant now) {
        if (!inScope(profile, d)) {
            throw new WorkspaceOneSimulator.Ws1Error(400, 400, "The profile is not assigned to device " + d.id() + ".");
        }
        install(profile, d, now);
    }

    private void install(ObjectNode profile, Device d, Instant now) {
        installCommands.merge(d.id(), 1, Integer::sum);
        long profileId = id(profile);
        boolean credential = profile.has("Scep") || profile.has("Credentials");
        int status = credential && d.failsInstall() ? STATUS_ERROR : STATUS_INSTALLED;
        held.computeIfAbsent(d.id(), k -> new LinkedHashMap<>()).put(profileId, new Held(version(profile), status, now));
        if (credential && status == STATUS_INSTALLED) {
            List<Certificate> store = certificates.computeIfAbsent(d.id(), k -> new ArrayList<>());
            // A new SCEP enrolment replaces the profile's previous certificate in the machine store.
            store.removeIf(c -> c.profileId() == profileId);
            store.add(new Certificate(profileId, d.name(), "Okta Device Access CA", now, now.plus(CERTIFICATE_VALIDITY),
                    thumbprint(d.serial() + "-" + profileId + "-" + now.toEpochMilli())));
        }
    }

    private void remove(long profileId, long deviceId) {
        Map<Long, Held> byProfile = held.get(deviceId);
        if (byProfile != null) {
            byProfile.remove(profileId);
        }
        List<Certificate> store = certificates.get(deviceId);
        if (store != null) {
            store.removeIf(c -> c.profileId() == profileId);
        }
    }

    /** {@code GET /api/mdm/devices/search}: {@code {Devices:[{Id:{Value},SerialNumber,DeviceFriendlyName,...}],Page,PageSize,Total}}. */
    ObjectNode search(int page, int pageSize) {
        List<Device> all = all();
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("Devices");
        int from = (int) Math.min((long) page * pageSize, all.size());
        for (Device d : all.subList(from, Math.min(from + pageSize, all.size()))) {
            ObjectNode row = list.addObject();
            row.putObject("Id").put("Value", d.id());
            row.put("Uuid", UUID.nameUUIDFromBytes(("ws1-device-" + d.id()).getBytes(StandardCharsets.UTF_8)).toString());
            row.put("SerialNumber", d.serial());
            row.put("DeviceFriendlyName", d.name());
            row.put("Platform", "WinRT");
            row.put("EnrollmentStatus", "Enrolled");
        }
        body.put("Page", page);
        body.put("PageSize", pageSize);
        body.put("Total", all.size());
        return body;
    }

    /** {@code DeviceProfiles} of one device: every active profile assigned to it, with what it holds of each. */
    ObjectNode profiles(Device d, Iterable<ObjectNode> allProfiles) {
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("DeviceProfiles");
        for (ObjectNode profile : allProfiles) {
            if (!inScope(profile, d)) {
                continue;
            }
            Held h = held.getOrDefault(d.id(), Map.of()).get(id(profile));
            JsonNode g = profile.path("General");
            ObjectNode row = list.addObject();
            row.putObject("Id").put("Value", id(profile));
            row.put("Name", g.path("Name").asText());
            row.put("Status", h == null ? 1 : h.status());
            row.put("CurrentVersion", version(profile));
            row.put("InstalledProfileVersion", h == null ? 0 : h.version());
            if (h != null) {
                row.put("LastInstalledOn", h.at().toString());
            }
        }
        return body;
    }

    /** {@code GET /api/mdm/devices/{id}/certificates}: {@code {DeviceCertificates:[{Name,Issuer,IssuedOn,ExpiresOn,Thumbprint}],Total}}. */
    ObjectNode certificatesJson(Device d) {
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("DeviceCertificates");
        for (Certificate c : certificates.getOrDefault(d.id(), List.of())) {
            ObjectNode row = list.addObject();
            row.put("Name", c.name());
            row.put("Issuer", c.issuer());
            row.put("IssuedOn", DATE.format(c.issuedAt()));
            row.put("ExpiresOn", DATE.format(c.expiresAt()));
            row.put("Thumbprint", c.thumbprint());
        }
        body.put("Total", list.size());
        return body;
    }

    static boolean inScope(ObjectNode profile, Device d) {
        JsonNode g = profile.path("General");
        if (!g.path("IsActive").asBoolean(true)) {
            return false;
        }
        boolean included = false;
        for (JsonNode ref : g.path("AssignedSmartGroups")) {
            included |= d.smartGroups().contains(ref.path("SmartGroupId").asLong(-1));
        }
        for (JsonNode ref : g.path("ExcludedSmartGroups")) {
            if (d.smartGroups().contains(ref.path("SmartGroupId").asLong(-1))) {
                return false;
            }
        }
        return included;
    }

    private static long id(ObjectNode profile) {
        return profile.path("General").path("ProfileId").asLong();
    }

    private static int version(ObjectNode profile) {
        return profile.path("General").path("Version").asInt(1);
    }

    private static String thumbprint(String seed) {
        return (UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "")
                + Integer.toHexString(seed.hashCode() | 0x10000000)).toUpperCase(Locale.ROOT);
    }
}
