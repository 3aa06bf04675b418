package io.scephub.core.resource;

import io.scephub.core.model.Secret;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Helpers for JSON-like attribute trees: deep immutable copies and walking. */
public final class Attributes {
    private Attributes() {
    }

    /** A deep, immutable, order-preserving copy; rejects value types the engine cannot diff. */
    public static Map<String, Object> copy(Map<String, ?> source) {
        Map<String, Object> out = new LinkedHashMap<>();
        source.forEach((k, v) -> {
            if (v != null) {
                out.put(k, copyValue(v));
            }
        });
        return Collections.unmodifiableMap(out);
    }

    private static Object copyValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> {
                if (x != null) {
                    out.put(String.valueOf(k), copyValue(x));
                }
            });
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(copyValue(x)));
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof String || v instanceof Long || v instanceof Boolean || v instanceof Secret
                || v instanceof OutputRef) {
            return v;
        }
        throw new IllegalArgumentException("unsupported attribute value type: " + v.getClass().getName());
    }

    /** Visits every leaf value. */
    public static void walk(Object value, Consumer<Object> visitor) {
        if (value instanceof Map<?, ?> m) {
            m.values().forEach(v -> walk(v, visitor));
        } else if (value instanceof List<?> l) {
            l.forEach(v -> walk(v, visitor));
        } else {
            visitor.accept(value);
        }
    }

    static void collectRefs(Map<String, Object> attributes, Set<ResourceKey> into) {
        walk(attributes, v -> {
            if (v instanceof OutputRef r) {
                into.add(r.source());
            }
        });
    }
}
