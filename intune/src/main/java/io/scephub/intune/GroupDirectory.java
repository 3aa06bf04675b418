package io.scephub.intune;

import com.microsoft.graph.beta.models.Group;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Entra groups by display name and back, for one read or write (names are looked up again next
 * time, so a renamed group is noticed).
 */
final class GroupDirectory {
    private final IntuneGraph graph;
    private final Map<String, String> namesById = new HashMap<>();

    GroupDirectory(IntuneGraph graph) {
        this.graph = graph;
    }

    /** The id of the one group called {@code displayName}; {@code owner} names the resource in errors. */
    String idOf(String displayName, String owner) {
        List<Group> found = graph.groupsNamed(displayName);
        if (found.isEmpty()) {
            throw new GroupResolutionError(owner + ": no Entra group is named \"" + displayName
                    + "\" (looked up with " + GraphPaths.groupByNameFilter(displayName) + "); create it or fix the group name in the enrollment");
        }
        if (found.size() > 1) {
            throw new GroupResolutionError(owner + ": " + found.size() + " Entra groups are named \"" + displayName + "\" (ids "
                    + found.stream().map(Group::getId).collect(Collectors.joining(", "))
                    + "); Intune assigns by group id, so rename one of them to make the name unique");
        }
        Group group = found.get(0);
        // Entra matches names case-insensitively; the read-back shows Entra's spelling, so a different
        // case in the config would show as drift forever.
        if (group.getDisplayName() != null && !group.getDisplayName().equals(displayName)) {
            throw new GroupResolutionError(owner + ": the Entra group is named \"" + group.getDisplayName() + "\", not \""
                    + displayName + "\"; use the exact display name in the enrollment");
        }
        namesById.put(group.getId(), displayName);
        return group.getId();
    }

    /** The display name of a group id, or a placeholder that names the id when the group is gone. */
    String nameOf(String groupId) {
        return namesById.computeIfAbsent(groupId, id -> graph.group(id)
                .map(Group::getDisplayName)
                .orElse("(deleted group " + id + ")"));
    }
}
