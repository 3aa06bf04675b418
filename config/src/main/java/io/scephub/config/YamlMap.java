package io.scephub.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping checked against the keys it may hold: duplicate, unknown and non-text keys are
 * reported once, here, and the rest of the loader only sees the first occurrence of known keys.
 */
final class YamlMap {
    private final MappingNode node;
    private final String path;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    /** Known keys an unknown key was probably meant to be; "missing" is not reported for them as well. */
    private final Set<String> misspelt = new HashSet<>();

    private YamlMap(MappingNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** Reads {@code node} as a mapping with the given keys, or reports why it is not one. */
    static Optional<YamlMap> read(Node node, String path, Collection<String> knownKeys, Problems problems) {
        return read(node, path, knownKeys, problems, key -> unknownKeyMessage(key, knownKeys));
    }

    /** As {@link #read(Node, String, Collection, Problems)}, with a caller-worded message for unknown keys. */
    static Optional<YamlMap> read(Node node, String path, Collection<String> knownKeys, Problems problems,
                                  Function<String, String> unknownMessage) {
        if (!(node instanceof MappingNode mapping)) {
            problems.at(node, path, "expected a mapping (key: value lines), found " + Values.describe(node));
            return Optional.empty();
        }
        YamlMap map = new YamlMap(mapping, path);
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey) || keyNode.getTag().equals(Tag.NULL)) {
                problems.at(keyNode, path, "keys must be plain names, found " + Values.describe(keyNode));
                continue;
            }
            String key = scalarKey.getValue();
            String keyPath = join(path, Values.shorten(key));
            if (keyNode.getTag().equals(Tag.MERGE)) {
                problems.at(keyNode, keyPath, "YAML merge keys (<<) are not supported; write the keys out");
                continue;
            }
            NodeTuple first = map.entries.get(key);
            if (first != null) {
                problems.at(keyNode, keyPath, "duplicate key " + Values.quote(key) + " (first given on line "
                        + (first.getKeyNode().getStartMark().getLine() + 1) + "); give each key once");
                continue;
            }
            if (!knownKeys.contains(key)) {
                problems.at(keyNode, keyPath, unknownMessage.apply(key));
                Suggestions.closest(key, knownKeys).ifPresent(map.misspelt::add);
                continue;
            }
            map.entries.put(key, tuple);
        }
        return Optional.of(map);
    }

    static String unknownKeyMessage(String key, Collection<String> knownKeys) {
        StringBuilder sb = new StringBuilder("unknown key ").append(Values.quote(key));
        Optional<String> suggestion = Suggestions.closest(key, knownKeys);
        if (suggestion.isPresent()) {
            sb.append("; did you mean \"").append(suggestion.get()).append("\"?");
        } else if (!knownKeys.isEmpty()) {
            sb.append("; expected one of: ").append(String.join(", ", knownKeys));
        }
        return sb.toString();
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    MappingNode node() {
        return node;
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return join(path, key);
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    Optional<Node> get(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
    }

    Optional<Node> keyNode(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getKeyNode);
    }

    List<String> keys() {
        return new ArrayList<>(entries.keySet());
    }

    /** Whether an unknown key in this mapping looked like a misspelling of {@code key}. */
    boolean misspelt(String key) {
        return misspelt.contains(key);
    }

    /** Reports a missing required key at the mapping that should hold it. */
    void missing(String key, String expected, Problems problems) {
        if (misspelt.contains(key)) {
            return;
        }
        problems.at(node, pathOf(key), "missing; expected " + expected);
    }
}
