package io.scephub.core.resource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A desired object at a vendor: key, the connector that owns it, attributes and dependencies.
 *
 * <p>Attribute values are JSON-like: String, Long, Integer, Boolean, List, Map (String keys),
 * {@link io.scephub.core.model.Secret} for sensitive values, or {@link OutputRef} for values known
 * only once another resource exists. Attributes named in {@code replaceOn} cannot be changed in
 * place at the vendor: a change to one of them replaces the object. {@code inputs} are what the
 * connector needs to write the object but never compares or prints (e.g. the chain of a custom CA,
 * by which the vendor's CA is found): they travel with the resource, so the connector keeps none.
 */
public record Resource(ResourceKey key, String connector, Map<String, Object> attributes,
                       Set<ResourceKey> dependsOn, Set<String> replaceOn, Map<String, Object> inputs) {

    public Resource {
        attributes = Attributes.copy(attributes);
        inputs = Map.copyOf(inputs);
        TreeSet<ResourceKey> deps = new TreeSet<>(dependsOn);
        Attributes.collectRefs(attributes, deps);
        deps.remove(key);
        dependsOn = Set.copyOf(deps);
        replaceOn = Set.copyOf(replaceOn);
    }

    public static Builder builder(ResourceKey key, String connector) {
        return new Builder(key, connector);
    }

    /** All output references in the attributes. */
    public List<OutputRef> outputRefs() {
        List<OutputRef> refs = new ArrayList<>();
        Attributes.walk(attributes, v -> {
            if (v instanceof OutputRef r) {
                refs.add(r);
            }
        });
        return refs;
    }

    public Resource withAttributes(Map<String, Object> newAttributes) {
        return new Resource(key, connector, newAttributes, dependsOn, replaceOn, inputs);
    }

    /** Builds a resource with attributes in insertion order. */
    public static final class Builder {
        private final ResourceKey key;
        private final String connector;
        private final Map<String, Object> attributes = new LinkedHashMap<>();
        private final Set<ResourceKey> dependsOn = new TreeSet<>();
        private final Set<String> replaceOn = new TreeSet<>();
        private final Map<String, Object> inputs = new LinkedHashMap<>();

        private Builder(ResourceKey key, String connector) {
            this.key = key;
            this.connector = connector;
        }

        public Builder attribute(String name, Object value) {
            if (value != null) {
                attributes.put(name, value);
            }
            return this;
        }

        /** A value the connector needs to write the object, never compared with what the vendor shows. */
        public Builder input(String name, Object value) {
            inputs.put(name, value);
            return this;
        }

        public Builder dependsOn(ResourceKey other) {
            dependsOn.add(other);
            return this;
        }

        public Builder dependsOn(Collection<ResourceKey> others) {
            dependsOn.addAll(others);
            return this;
        }

        public Builder replaceOn(String... attributeNames) {
            replaceOn.addAll(List.of(attributeNames));
            return this;
        }

        public Resource build() {
            return new Resource(key, connector, attributes, dependsOn, replaceOn, inputs);
        }
    }
}
