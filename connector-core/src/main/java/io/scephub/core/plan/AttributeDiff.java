package io.scephub.core.plan;

import io.scephub.core.model.Secret;
import io.scephub.core.resource.OutputRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The per-attribute comparison shared by the planner and the applier's adoption check.
 *
 * <p>Rules: only top-level attributes present in the desired resource are compared (connectors
 * may read back more). Nested maps are compared key by key over both sides and reported with
 * dotted paths ({@code delegated.tenantId}), so a key removed from a nested block is a change;
 * lists compare whole. A desired {@link Secret} whose actual attribute is absent counts as
 * unchanged, because many vendors never return write-only secrets; a secret is therefore only
 * rotated when the vendor returns something to compare, or when another attribute changes. An
 * unresolved {@link OutputRef} ("known after apply") is a change only if {@code pending} says
 * its source is being created or replaced; otherwise it cannot be judged and counts as unchanged.
 */
final class AttributeDiff {
    private AttributeDiff() {
    }

    /** The changes of one top-level attribute (several when it is a map). */
    static List<AttributeChange> attribute(String name, Object desired, Map<String, Object> actual,
                                           Predicate<OutputRef> pending) {
        List<AttributeChange> out = new ArrayList<>();
        value(name, desired, actual.get(name), pending, out);
        return out;
    }

    /** All changes, in desired attribute order. */
    static List<AttributeChange> all(Map<String, Object> desired, Map<String, Object> actual,
                                     Predicate<OutputRef> pending) {
        List<AttributeChange> out = new ArrayList<>();
        desired.forEach((name, want) -> value(name, want, actual.get(name), pending, out));
        return out;
    }

    private static void value(String path, Object want, Object have, Predicate<OutputRef> pending,
                              List<AttributeChange> out) {
        if (want instanceof Map<?, ?> wantMap && (have == null || have instanceof Map<?, ?>)) {
            Map<?, ?> haveMap = have == null ? Map.of() : (Map<?, ?>) have;
            Set<Object> keys = new LinkedHashSet<>(wantMap.keySet());
            keys.addAll(haveMap.keySet());
            for (Object k : keys) {
                value(path + "." + k, wantMap.get(k), haveMap.get(k), pending, out);
            }
            return;
        }
        if (want == null) {
            if (have != null) {
                out.add(new AttributeChange(path, Optional.of(have), Optional.empty()));
            }
            return;
        }
        if (!OutputRefs.in(want).isEmpty()) {
            if (OutputRefs.any(want, pending)) {
                out.add(new AttributeChange(path, Optional.ofNullable(have), Optional.of(want)));
            }
            return;
        }
        if (want instanceof Secret && have == null) {
            return;
        }
        if (!want.equals(have)) {
            out.add(new AttributeChange(path, Optional.ofNullable(have), Optional.of(want)));
        }
    }
}
