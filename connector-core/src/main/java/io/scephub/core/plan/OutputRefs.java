package io.scephub.core.plan;

import io.scephub.core.resource.OutputRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/** Substitution and inspection of {@link OutputRef} values inside attribute trees. */
public final class OutputRefs {
    private OutputRefs() {
    }

    /**
     * A copy of {@code attributes} in which every reference {@code resolver} knows is replaced by
     * its value; references it does not know stay in place.
     */
    public static Map<String, Object> substitute(Map<String, Object> attributes,
                                                 Function<OutputRef, Optional<Object>> resolver) {
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) substituteValue(attributes, resolver);
        return out;
    }

    private static Object substituteValue(Object value, Function<OutputRef, Optional<Object>> resolver) {
        if (value instanceof OutputRef ref) {
            return resolver.apply(ref).orElse(ref);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), substituteValue(v, resolver)));
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(substituteValue(v, resolver)));
            return Collections.unmodifiableList(out);
        }
        return value;
    }

    /**
     * {@code attributes} without the top-level attributes that are still an unresolved write-once
     * reference: the source exists but no longer reports the value, so there is nothing to compare
     * or send, and the dependant keeps what it holds.
     */
    public static Map<String, Object> withoutUnresolvedWriteOnce(Map<String, Object> attributes) {
        Map<String, Object> out = new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            if (!(value instanceof OutputRef ref && ref.writeOnce())) {
                out.put(name, value);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** The references left in a value (at any depth), in encounter order. */
    public static List<OutputRef> in(Object value) {
        List<OutputRef> refs = new ArrayList<>();
        io.scephub.core.resource.Attributes.walk(value, v -> {
            if (v instanceof OutputRef r) {
                refs.add(r);
            }
        });
        return refs;
    }

    static boolean any(Object value, Predicate<OutputRef> test) {
        return in(value).stream().anyMatch(test);
    }
}
