package io.scephub.core.reads;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.core.model.Secret;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ResourceKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An owned object as JSON for the state store, without secret values: each secret attribute is
 * replaced by its salted digest in {@code secretDigests}.
 */
final class ActualResourceJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ActualResourceJson() {
    }

    /** The JSON of {@code actual}, or empty when it holds a value that cannot be kept (an output reference). */
    static Optional<String> write(ActualResource actual) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("kind", actual.key().kind());
        root.put("name", actual.key().name());
        root.put("connector", actual.connector());
        root.put("vendorId", actual.vendorId());
        ObjectNode digests = root.putObject("secretDigests");
        Optional<JsonNode> attributes = tree(actual.attributes(), actual.vendorId(), "", digests);
        Optional<JsonNode> outputs = tree(actual.outputs(), actual.vendorId(), "output:", digests);
        if (attributes.isEmpty() || outputs.isEmpty()) {
            return Optional.empty();
        }
        root.set("attributes", attributes.get());
        root.set("outputs", outputs.get());
        ArrayNode depends = root.putArray("dependsOn");
        actual.dependsOn().stream().sorted().forEach(k -> depends.add(k.toString()));
        try {
            return Optional.of(JSON.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a kept read", e);
        }
    }

    /** The object and its secret digests back from {@link #write}; empty when the JSON is not a kept read. */
    static Optional<Read> read(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            ResourceKey key = new ResourceKey(root.path("kind").asText(), root.path("name").asText());
            Map<String, String> digests = new LinkedHashMap<>();
            root.path("secretDigests").fields().forEachRemaining(e -> digests.put(e.getKey(), e.getValue().asText()));
            Set<ResourceKey> dependsOn = new HashSet<>();
            root.path("dependsOn").forEach(k -> dependsOn.add(ResourceKey.parse(k.asText())));
            @SuppressWarnings("unchecked")
            Map<String, Object> attributes = (Map<String, Object>) value(root.path("attributes"));
            @SuppressWarnings("unchecked")
            Map<String, Object> outputs = (Map<String, Object>) value(root.path("outputs"));
            return Optional.of(new Read(new ActualResource(key, root.path("connector").asText(), root.path("vendorId").asText(),
                    attributes, outputs, dependsOn), digests));
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A kept object and the digests of the secrets it held. */
    record Read(ActualResource actual, Map<String, String> secretDigests) {
    }

    private static Optional<JsonNode> tree(Map<String, Object> map, String vendorId, String prefix, ObjectNode digests) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Secret secret) {
                digests.put(prefix + e.getKey(), SecretDigest.of(vendorId, prefix + e.getKey(), secret));
                continue;
            }
            Optional<JsonNode> child = node(v);
            if (child.isEmpty()) {
                return Optional.empty();
            }
            node.set(e.getKey(), child.get());
        }
        return Optional.of(node);
    }

    private static Optional<JsonNode> node(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v instanceof String s) {
            return Optional.of(f.textNode(s));
        }
        if (v instanceof Long l) {
            return Optional.of(f.numberNode(l));
        }
        if (v instanceof Boolean b) {
            return Optional.of(f.booleanNode(b));
        }
        if (v instanceof List<?> list) {
            ArrayNode array = f.arrayNode();
            for (Object x : list) {
                Optional<JsonNode> child = node(x);
                if (child.isEmpty()) {
                    return Optional.empty();
                }
                array.add(child.get());
            }
            return Optional.of(array);
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode object = f.objectNode();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                // A secret nested below the top level has no attribute name to digest under: keep nothing.
                if (e.getValue() instanceof Secret) {
                    return Optional.empty();
                }
                Optional<JsonNode> child = node(e.getValue());
                if (child.isEmpty()) {
                    return Optional.empty();
                }
                object.set(String.valueOf(e.getKey()), child.get());
            }
            return Optional.of(object);
        }
        // OutputRef or a nested Secret: not something a read back should hold, so not kept.
        return Optional.empty();
    }

    private static Object value(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), value(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(x -> list.add(value(x)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isTextual()) {
            return node.asText();
        }
        throw new IllegalArgumentException("not a kept attribute value: " + node.getNodeType());
    }
}
