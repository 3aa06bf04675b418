package io.scephub.config;

import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.SecretRef;
import io.scephub.core.model.SettingDef;
import io.scephub.core.model.SettingType;
import io.scephub.core.model.SettingsSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one connector's section against its {@link SettingsSchema}: nested mappings become dotted
 * keys ({@code auth.oauth.clientId}), values are typed, defaults filled in, required keys checked.
 */
final class SectionReader {
    private final Problems problems;
    private final Values values;
    /** Put before every section path: {@code tenants[2].} for a tenant's sections, empty at the file's root. */
    private final String prefix;

    SectionReader(Problems problems, Values values) {
        this(problems, values, "");
    }

    SectionReader(Problems problems, Values values, String prefix) {
        this.problems = problems;
        this.values = values;
        this.prefix = prefix;
    }

    /** The section's settings (only the values that were valid) and whether the section was clean. */
    record Result(ConnectorSettings settings, boolean clean) {
    }

    Result read(String connectorId, SettingsSchema declared, Node sectionNode) {
        SettingsSchema schema = prefix.isEmpty() ? declared
                : new SettingsSchema(prefix + declared.section(), declared.doc(), declared.settings());
        int before = problems.count();
        Map<String, Object> read = new LinkedHashMap<>();
        Set<String> broken = new HashSet<>();
        Map<String, MappingNode> groups = new HashMap<>();
        readLevel(sectionNode, schema.section(), "", tree(schema), read, broken, groups);

        for (SettingDef def : schema.settings()) {
            if (read.containsKey(def.key()) || isUnder(def.key(), broken)) {
                continue;
            }
            if (def.defaultValue().isPresent()) {
                read.put(def.key(), normalizeDefault(def));
            } else if (def.required()) {
                Node at = nearestGroup(def.key(), groups).orElse(sectionNode);
                problems.at(at, schema.section() + "." + def.key(), "missing; expected " + expected(def) + docSuffix(def));
            }
        }
        return new Result(new ConnectorSettings(connectorId, schema.section(), read), problems.count() == before);
    }

    private void readLevel(Node node, String path, String prefix, Map<String, Object> level, Map<String, Object> read,
                           Set<String> broken, Map<String, MappingNode> groups) {
        Optional<YamlMap> map = YamlMap.read(node, path, level.keySet(), problems);
        if (map.isEmpty()) {
            broken.add(prefix);
            return;
        }
        groups.put(prefix, map.get().node());
        for (String key : level.keySet()) {
            if (map.get().misspelt(key)) {
                broken.add(prefix.isEmpty() ? key : prefix + "." + key);
            }
        }
        for (String key : map.get().keys()) {
            Node value = map.get().get(key).orElseThrow();
            String childPath = map.get().pathOf(key);
            String childKey = prefix.isEmpty() ? key : prefix + "." + key;
            Object child = level.get(key);
            if (child instanceof SettingDef def) {
                Optional<Object> parsed = parse(def, value, childPath);
                if (parsed.isPresent()) {
                    read.put(def.key(), parsed.get());
                } else {
                    broken.add(childKey);
                }
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) child;
                readLevel(value, childPath, childKey, nested, read, broken, groups);
            }
        }
    }

    private Optional<Object> parse(SettingDef def, Node node, String path) {
        Optional<?> parsed = switch (def.type()) {
            case STRING -> values.nonBlank(node, path, "a text value");
            case URL -> values.url(node, path);
            case UUID -> values.uuid(node, path);
            case INTEGER -> values.integer(node, path);
            case BOOLEAN -> values.bool(node, path);
            case DURATION -> values.duration(node, path);
            case STRING_LIST -> values.stringList(node, path);
            case SECRET -> values.secretRef(node, path);
        };
        if (parsed.isEmpty() || def.allowedValues().isEmpty() || def.type() == SettingType.SECRET) {
            return parsed.map(Object.class::cast);
        }
        if (parsed.get() instanceof List<?> list) {
            List<Node> items = ((SequenceNode) node).getValue();
            boolean ok = true;
            for (int i = 0; i < list.size(); i++) {
                ok &= allowed(def, String.valueOf(list.get(i)), items.get(i), path + "[" + i + "]");
            }
            return ok ? Optional.of(parsed.get()) : Optional.empty();
        }
        String written = node instanceof ScalarNode scalar ? scalar.getValue() : String.valueOf(parsed.get());
        return allowed(def, written, node, path) ? Optional.of(parsed.get()) : Optional.empty();
    }

    private boolean allowed(SettingDef def, String value, Node node, String path) {
        if (def.allowedValues().contains(value)) {
            return true;
        }
        problems.at(node, path, Values.quote(value) + " is not one of " + String.join(", ", def.allowedValues()));
        return false;
    }

    /** Defaults may be declared as the typed value or as the text a user would write; store them typed. */
    static Object normalizeDefault(SettingDef def) {
        Object d = def.defaultValue().orElseThrow();
        return switch (def.type()) {
            case INTEGER -> d instanceof Number n ? n.longValue() : Long.parseLong(d.toString());
            case BOOLEAN -> d instanceof Boolean b ? b : Boolean.parseBoolean(d.toString());
            case DURATION -> d instanceof Duration duration ? duration : Values.parseDuration(d.toString())
                    .orElseThrow(() -> new IllegalArgumentException("default of " + def.key() + " is not a duration"));
            case STRING_LIST -> d instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(d.toString());
            case SECRET -> d instanceof SecretRef ref ? ref : Values.parseSecretRef(d.toString())
                    .orElseThrow(() -> new IllegalArgumentException("default of " + def.key() + " is not a secret reference"));
            default -> d.toString();
        };
    }

    /** The settings as a tree of nested maps whose leaves are the definitions, in schema order. */
    static Map<String, Object> tree(SettingsSchema schema) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (SettingDef def : schema.settings()) {
            String[] parts = def.key().split("\\.");
            Map<String, Object> level = root;
            for (int i = 0; i < parts.length - 1; i++) {
                Object next = level.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
                if (!(next instanceof Map)) {
                    throw new IllegalArgumentException(schema.section() + ": " + def.key() + " nests under the setting " + parts[i]);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) next;
                level = nested;
            }
            level.put(parts[parts.length - 1], def);
        }
        return root;
    }

    static String expected(SettingDef def) {
        String base = switch (def.type()) {
            case STRING -> "a text value";
            case URL -> "an absolute http(s) URL";
            case UUID -> "a UUID";
            case INTEGER -> "a whole number";
            case BOOLEAN -> "true or false";
            case DURATION -> "a duration (500ms, 30s, 15m, 12h, 90d, 1y)";
            case STRING_LIST -> "a list of text values";
            case SECRET -> "a secret reference (${env:NAME} or ${file:path})";
        };
        return def.allowedValues().isEmpty() ? base : "one of " + String.join(", ", def.allowedValues());
    }

    private static String docSuffix(SettingDef def) {
        return def.doc() == null || def.doc().isBlank() ? "" : " (" + def.doc() + ")";
    }

    private static boolean isUnder(String key, Set<String> broken) {
        for (String prefix : broken) {
            if (prefix.isEmpty() || key.equals(prefix) || key.startsWith(prefix + ".")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Node> nearestGroup(String key, Map<String, MappingNode> groups) {
        List<String> parts = new ArrayList<>(List.of(key.split("\\.")));
        while (!parts.isEmpty()) {
            parts.remove(parts.size() - 1);
            MappingNode group = groups.get(String.join(".", parts));
            if (group != null) {
                return Optional.of(group);
            }
        }
        return Optional.empty();
    }
}
