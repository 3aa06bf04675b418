package io.scephub.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Entra ID's device objects and group memberships, as far as Intune's assignments need them. A device's
 * object id and deviceId are derived from its name (stable across starts, nothing stored per device but
 * its name); a device exists once Intune knows it (a managed device, or a holder of a certificate). Group
 * members are kept by device name. Not thread-safe: {@link GraphSimulator} calls it under its lock.
 */
final class EntraDirectory {
    private final ObjectMapper json;
    /** Lower-cased name to the spelling Intune reports. */
    private final Map<String, String> names = new HashMap<>();
    /** Object id to name, for the devices a client could have learned the id of. */
    private final Map<String, String> byObjectId = new HashMap<>();
    /** Per group id, the names of its device members, in the order they joined. */
    private final Map<String, Set<String>> members = new HashMap<>();

    EntraDirectory(ObjectMapper json) {
        this.json = json;
    }

    void reset() {
        names.clear();
        byObjectId.clear();
        members.clear();
    }

    /** Makes the device known to Entra (idempotent); answers its name as stored. */
    String register(String name) {
        return names.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> name);
    }

    static String objectId(String name) {
        return UUID.nameUUIDFromBytes(("sandbox-entra-object:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String deviceId(String name) {
        return UUID.nameUUIDFromBytes(("sandbox-entra-device:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The devices with this display name (Entra compares case-insensitively): none or one here. */
    List<String> named(String displayName) {
        String name = names.get(displayName.toLowerCase(Locale.ROOT));
        if (name == null) {
            return List.of();
        }
        byObjectId.put(objectId(name), name);
        return List.of(name);
    }

    /** The device with this object id, if a listing or lookup ever answered it. */
    Optional<String> byObjectId(String id) {
        return Optional.ofNullable(byObjectId.get(id));
    }

    Set<String> members(String groupId) {
        return members.getOrDefault(groupId, Set.of());
    }

    boolean isMember(String groupId, String name) {
        return members(groupId).contains(name);
    }

    /** Adds a member; false when it already was one. */
    boolean add(String groupId, String name) {
        byObjectId.put(objectId(name), name);
        return members.computeIfAbsent(groupId, k -> new LinkedHashSet<>()).add(name);
    }

    boolean remove(String groupId, String name) {
        Set<String> of = members.get(groupId);
        return of != null && of.remove(name);
    }

    void dropGroup(String groupId) {
        members.remove(groupId);
    }

    /** A device as {@code GET /devices} and {@code GET /groups/{id}/members} render it. */
    ObjectNode deviceJson(String name) {
        ObjectNode node = json.createObjectNode();
        node.put("@odata.type", "#microsoft.graph.device");
        node.put("id", objectId(name));
        node.put("deviceId", deviceId(name));
        node.put("displayName", name);
        node.put("accountEnabled", true);
        node.put("operatingSystem", "Windows");
        return node;
    }

    /** The members of a group as a list view (rendered page by page). */
    List<String> memberList(String groupId) {
        return new ArrayList<>(members(groupId));
    }
}
