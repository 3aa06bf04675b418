package io.scephub.core.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Topological ordering with stable tie-breaking, shared by the planner and the applier. */
public final class DependencyOrder {
    private DependencyOrder() {
    }

    /**
     * Orders {@code nodes} so that each comes after its prerequisites; among nodes that are ready
     * at the same time the smallest (natural order) comes first, so the order is reproducible.
     * Prerequisites outside {@code nodes} are ignored.
     *
     * @throws PlanningError naming one cycle when there is one
     */
    public static <T extends Comparable<T>> List<T> order(Collection<T> nodes, Function<T, Collection<T>> prerequisites,
                                                          Function<T, String> describe) {
        Set<T> all = new TreeSet<>(nodes);
        Map<T, Integer> waiting = new HashMap<>();
        Map<T, List<T>> dependants = new HashMap<>();
        for (T node : all) {
            int count = 0;
            for (T pre : new TreeSet<>(prerequisites.apply(node))) {
                if (all.contains(pre) && !pre.equals(node)) {
                    count++;
                    dependants.computeIfAbsent(pre, k -> new ArrayList<>()).add(node);
                }
            }
            waiting.put(node, count);
        }
        TreeSet<T> ready = all.stream().filter(n -> waiting.get(n) == 0).collect(Collectors.toCollection(TreeSet::new));
        List<T> order = new ArrayList<>(all.size());
        while (!ready.isEmpty()) {
            T next = ready.pollFirst();
            order.add(next);
            for (T dependant : dependants.getOrDefault(next, List.of())) {
                if (waiting.merge(dependant, -1, Integer::sum) == 0) {
                    ready.add(dependant);
                }
            }
        }
        if (order.size() < all.size()) {
            Set<T> stuck = new TreeSet<>(all);
            order.forEach(stuck::remove);
            throw new PlanningError("dependency cycle: " + describeCycle(stuck, prerequisites, describe)
                    + " (each depends on the next); break it in the resources' dependencies");
        }
        return order;
    }

    /** Walks prerequisites inside the stuck set until a node repeats; that loop is a cycle. */
    private static <T extends Comparable<T>> String describeCycle(Set<T> stuck, Function<T, Collection<T>> prerequisites,
                                                                  Function<T, String> describe) {
        LinkedHashSet<T> path = new LinkedHashSet<>();
        T current = stuck.iterator().next();
        while (path.add(current)) {
            T from = current;
            current = new TreeSet<>(prerequisites.apply(from)).stream()
                    .filter(p -> stuck.contains(p) && !p.equals(from))
                    .findFirst()
                    .orElseThrow();
        }
        List<String> cycle = new ArrayList<>();
        boolean inCycle = false;
        for (T node : path) {
            inCycle |= node.equals(current);
            if (inCycle) {
                cycle.add(describe.apply(node));
            }
        }
        cycle.add(describe.apply(current));
        return String.join(" -> ", cycle);
    }
}
