package io.scephub.hub.sync;

import io.scephub.core.plan.Plan;
import io.scephub.core.plan.PlanChange;
import io.scephub.core.resource.ResourceKey;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Narrows a plan to some enrollments: every change whose key name is one of them (an enrollment's
 * resources are named after it, e.g. {@code intune.scep-profile/windows-intune}), plus, transitively,
 * the changes those resources depend on (the shared Okta configuration or trusted root they take
 * outputs from). Everything else is left out, so it is neither created, changed nor deleted.
 */
public final class TargetFilter {
    private TargetFilter() {
    }

    /** The plan itself when {@code enrollments} is empty; otherwise its targeted part, in the original order. */
    public static Plan filter(Plan plan, Collection<String> enrollments) {
        if (enrollments.isEmpty()) {
            return plan;
        }
        Map<ResourceKey, PlanChange> byKey = new LinkedHashMap<>();
        plan.changes().forEach(c -> byKey.putIfAbsent(c.key(), c));
        Deque<ResourceKey> pending = new ArrayDeque<>();
        plan.changes().stream().map(PlanChange::key).filter(k -> enrollments.contains(k.name())).forEach(pending::add);
        Set<ResourceKey> keep = new HashSet<>();
        while (!pending.isEmpty()) {
            ResourceKey key = pending.pop();
            PlanChange change = byKey.get(key);
            if (change != null && keep.add(key)) {
                pending.addAll(dependencies(change));
            }
        }
        Map<ResourceKey, Integer> reenrols = new HashMap<>(plan.reenrols());
        reenrols.keySet().retainAll(keep);
        return new Plan(plan.changes().stream().filter(c -> keep.contains(c.key())).toList(), plan.notices(), plan.fingerprint(),
                reenrols);
    }

    private static Set<ResourceKey> dependencies(PlanChange change) {
        if (change instanceof PlanChange.Create c) {
            return c.desired().dependsOn();
        } else if (change instanceof PlanChange.Update u) {
            return u.desired().dependsOn();
        } else if (change instanceof PlanChange.Replace r) {
            return r.desired().dependsOn();
        } else if (change instanceof PlanChange.NoOp n) {
            return n.desired().dependsOn();
        }
        // A delete or a redistribution needs nothing else to exist first.
        return Set.of();
    }
}
