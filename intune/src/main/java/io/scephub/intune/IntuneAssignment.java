package io.scephub.intune;

import com.microsoft.graph.beta.models.AllDevicesAssignmentTarget;
import com.microsoft.graph.beta.models.AllLicensedUsersAssignmentTarget;
import com.microsoft.graph.beta.models.DeviceAndAppManagementAssignmentTarget;
import com.microsoft.graph.beta.models.DeviceConfigurationAssignment;
import com.microsoft.graph.beta.models.ExclusionGroupAssignmentTarget;
import com.microsoft.graph.beta.models.GroupAssignmentTarget;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code intune.assignment/<enrollment>}: which Entra groups get both profiles of an enrollment.
 * Attributes: {@code include} and {@code exclude} (group display names, sorted and de-duplicated
 * because Graph keeps no order) and the ids of the two profiles it applies to. {@code /assign}
 * replaces the whole set, so every write posts the whole set to both profiles.
 */
final class IntuneAssignment {

    static final String KIND = "intune.assignment";
    static final String INCLUDE = "include";
    static final String EXCLUDE = "exclude";
    static final String TRUSTED_ROOT_ID = "trustedRootId";
    static final String SCEP_PROFILE_ID = "scepProfileId";
    private static final String NO_FILTER = "00000000-0000-0000-0000-000000000000";

    private IntuneAssignment() {
    }

    static ResourceKey key(String enrollment) {
        return new ResourceKey(KIND, enrollment);
    }

    static Resource desired(EnrollmentSpec enrollment) {
        String name = enrollment.name();
        return Resource.builder(key(name), IntuneConnectorProvider.ID)
                .attribute(INCLUDE, List.copyOf(new TreeSet<>(enrollment.groups().include())))
                .attribute(EXCLUDE, List.copyOf(new TreeSet<>(enrollment.groups().exclude())))
                .attribute(TRUSTED_ROOT_ID, new OutputRef(IntuneTrustedRoot.key(name), "id"))
                .attribute(SCEP_PROFILE_ID, new OutputRef(IntuneScepProfile.key(name), "id"))
                .build();
    }

    /** The assignment set as Graph wants it: include targets, then exclusion targets. */
    static List<DeviceConfigurationAssignment> toGraph(List<String> includeIds, List<String> excludeIds) {
        List<DeviceConfigurationAssignment> assignments = new ArrayList<>();
        for (String id : includeIds) {
            GroupAssignmentTarget target = new GroupAssignmentTarget();
            target.setGroupId(id);
            assignments.add(assignment(target));
        }
        for (String id : excludeIds) {
            ExclusionGroupAssignmentTarget target = new ExclusionGroupAssignmentTarget();
            target.setGroupId(id);
            assignments.add(assignment(target));
        }
        return assignments;
    }

    private static DeviceConfigurationAssignment assignment(DeviceAndAppManagementAssignmentTarget target) {
        DeviceConfigurationAssignment assignment = new DeviceConfigurationAssignment();
        assignment.setTarget(target);
        return assignment;
    }

    /**
     * Reads both profiles' assignments into one attribute set. A target present on only one of the
     * two is labelled so, which makes it drift the next write repairs.
     */
    static Map<String, Object> read(GroupDirectory groups, String trustedRootId, List<DeviceConfigurationAssignment> onRoot,
                                    String scepProfileId, List<DeviceConfigurationAssignment> onScep) {
        List<String> ids = new ArrayList<>();
        for (List<DeviceConfigurationAssignment> list : java.util.Arrays.asList(onRoot, onScep)) {
            if (list != null) {
                list.forEach(a -> groupId(a.getTarget()).ifPresent(ids::add));
            }
        }
        groups.name(ids);
        Targets root = trustedRootId == null ? null : targets(groups, onRoot);
        Targets scep = scepProfileId == null ? null : targets(groups, onScep);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(INCLUDE, merge(root == null ? null : root.include(), scep == null ? null : scep.include()));
        out.put(EXCLUDE, merge(root == null ? null : root.exclude(), scep == null ? null : scep.exclude()));
        out.put(TRUSTED_ROOT_ID, trustedRootId);
        out.put(SCEP_PROFILE_ID, scepProfileId);
        return out;
    }

    static boolean isEmpty(Map<String, Object> attributes) {
        return ((List<?>) attributes.get(INCLUDE)).isEmpty() && ((List<?>) attributes.get(EXCLUDE)).isEmpty();
    }

    private static List<String> merge(TreeSet<String> onRoot, TreeSet<String> onScep) {
        TreeSet<String> merged = new TreeSet<>();
        if (onRoot == null || onScep == null) {
            merged.addAll(onRoot == null ? onScep : onRoot);
            return List.copyOf(merged);
        }
        for (String name : onRoot) {
            merged.add(onScep.contains(name) ? name : name + " [only on the trusted-root profile]");
        }
        for (String name : onScep) {
            if (!onRoot.contains(name)) {
                merged.add(name + " [only on the SCEP profile]");
            }
        }
        return List.copyOf(merged);
    }

    /** The group a target names, if it names one. */
    static java.util.Optional<String> groupId(DeviceAndAppManagementAssignmentTarget target) {
        if (target instanceof ExclusionGroupAssignmentTarget exclusion) {
            return java.util.Optional.ofNullable(exclusion.getGroupId());
        }
        return target instanceof GroupAssignmentTarget group ? java.util.Optional.ofNullable(group.getGroupId()) : java.util.Optional.empty();
    }

    private static Targets targets(GroupDirectory groups, List<DeviceConfigurationAssignment> assignments) {
        Targets targets = new Targets(new TreeSet<>(), new TreeSet<>());
        for (DeviceConfigurationAssignment assignment : assignments == null ? List.<DeviceConfigurationAssignment>of() : assignments) {
            DeviceAndAppManagementAssignmentTarget target = assignment.getTarget();
            if (target instanceof ExclusionGroupAssignmentTarget exclusion) {
                targets.exclude().add(groups.nameOf(exclusion.getGroupId()) + filter(target));
            } else if (target instanceof GroupAssignmentTarget group) {
                targets.include().add(groups.nameOf(group.getGroupId()) + filter(target));
            } else if (target instanceof AllDevicesAssignmentTarget) {
                targets.include().add("(all devices)" + filter(target));
            } else if (target instanceof AllLicensedUsersAssignmentTarget) {
                targets.include().add("(all users)" + filter(target));
            } else if (target != null) {
                targets.include().add("(" + target.getOdataType() + ")");
            }
        }
        return targets;
    }

    /** scephub assigns without filters; a filter added by hand is shown so the plan reveals it. */
    private static String filter(DeviceAndAppManagementAssignmentTarget target) {
        String id = target.getDeviceAndAppManagementAssignmentFilterId();
        if (id == null || id.isBlank() || NO_FILTER.equals(id)) {
            return "";
        }
        return " [filter " + GraphEnums.value(target.getDeviceAndAppManagementAssignmentFilterType()) + " " + id + "]";
    }

    private record Targets(TreeSet<String> include, TreeSet<String> exclude) {
    }
}
