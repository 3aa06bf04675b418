package io.scephub.intune;

import io.scephub.core.text.DisplayName;
import com.microsoft.graph.beta.models.Group;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Entra groups by display name and back, for one plan and its apply: every name the plan needs is
 * looked up once, in {@code $batch} calls, and unknown ids are named the same way (a new plan
 * starts a new directory, so a renamed group is noticed). Entra matches display names
 * case-insensitively; the configured spelling is what a resolved id reads back as, so a
 * different letter case is not drift. Thread-safe: the applier writes assignments in parallel.
 */
final class GroupDirectory {
    private final IntuneGraph graph;
    /** Per configured name (lower case), the groups Entra matched. */
    private final Map<String, List<Group>> byName = new HashMap<>();
    private final Map<String, String> namesById = new HashMap<>();

    GroupDirectory(IntuneGraph graph) {
        this.graph = graph;
    }

    /** Looks up every name not yet known, in as few {@code $batch} calls as Graph allows. */
    synchronized void resolve(Collection<String> displayNames) {
        List<String> missing = displayNames.stream().filter(name -> !byName.containsKey(fold(name))).distinct().toList();
        if (missing.isEmpty()) {
            return;
        }
        graph.groupsNamed(missing).forEach((name, groups) -> {
            byName.put(fold(name), groups);
            chosen(name, groups).ifPresent(group -> namesById.putIfAbsent(group.getId(), name));
        });
    }

    /** Why {@code displayName} cannot be assigned (no group, or several), or empty when it resolves to one group. */
    synchronized Optional<String> problem(String displayName) {
        resolve(List.of(displayName));
        List<Group> found = byName.get(fold(displayName));
        if (found.isEmpty()) {
            return Optional.of("no Entra group is named " + DisplayName.quote(displayName) + " (looked up with "
                    + GraphPaths.groupByNameFilter(displayName) + "; names are matched case-insensitively); "
                    + "create the group or fix the name");
        }
        if (chosen(displayName, found).isEmpty()) {
            return Optional.of(found.size() + " Entra groups are named " + DisplayName.quote(displayName) + " (ids "
                    + found.stream().map(Group::getId).collect(Collectors.joining(", "))
                    + "); Intune assigns by group id, so rename one of them to make the name unique");
        }
        return Optional.empty();
    }

    /** The id of the one group called {@code displayName}; {@code owner} names the resource in errors. */
    synchronized String idOf(String displayName, String owner) {
        Optional<String> problem = problem(displayName);
        if (problem.isPresent()) {
            throw new GroupResolutionError(owner + ": " + problem.get());
        }
        return chosen(displayName, byName.get(fold(displayName))).orElseThrow().getId();
    }

    /** Names every id not yet known, in {@code $batch} calls. */
    synchronized void name(Collection<String> groupIds) {
        List<String> unknown = groupIds.stream().filter(id -> id != null && !namesById.containsKey(id)).distinct().toList();
        if (unknown.isEmpty()) {
            return;
        }
        Map<String, Group> found = graph.groups(unknown);
        for (String id : unknown) {
            Group group = found.get(id);
            namesById.put(id, group == null || group.getDisplayName() == null ? "(deleted group " + id + ")" : group.getDisplayName());
        }
    }

    /** The display name of a group id (the configured spelling when scephub resolved it), or a placeholder naming a deleted group. */
    synchronized String nameOf(String groupId) {
        name(List.of(groupId));
        return namesById.get(groupId);
    }

    /** The one group a name means: the only match, else the only match with exactly this spelling. */
    private static Optional<Group> chosen(String displayName, List<Group> found) {
        if (found.size() == 1) {
            return Optional.of(found.get(0));
        }
        List<Group> exact = new ArrayList<>(found.stream().filter(g -> displayName.equals(g.getDisplayName())).toList());
        return exact.size() == 1 ? Optional.of(exact.get(0)) : Optional.empty();
    }

    private static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
