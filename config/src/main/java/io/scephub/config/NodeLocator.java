package io.scephub.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Finds the YAML node a path such as {@code enrollments[2].ca.custom} or {@code mdm.intune.tenantId}
 * points at, so problems connectors report by path get a line and column. When the path goes
 * further than the file (a defaulted key), the deepest node that exists is returned.
 */
final class NodeLocator {
    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[([0-9]+)]");

    private NodeLocator() {
    }

    static Node locate(Node root, String path) {
        Node current = root;
        Node at = root;
        Matcher m = SEGMENT.matcher(path);
        while (m.find()) {
            if (m.group(1) != null) {
                NodeTuple entry = entry(current, m.group(1));
                if (entry == null) {
                    return at;
                }
                current = entry.getValueNode();
                // A nested block starts on the line after its key; the key's line is where people look.
                at = current instanceof ScalarNode ? current : entry.getKeyNode();
            } else {
                Node next = item(current, Integer.parseInt(m.group(2)));
                if (next == null) {
                    return at;
                }
                current = next;
                at = next;
            }
        }
        return at;
    }

    private static NodeTuple entry(Node node, String key) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return tuple;
                }
            }
        }
        return null;
    }

    private static Node item(Node node, int index) {
        if (node instanceof SequenceNode sequence && index < sequence.getValue().size()) {
            return sequence.getValue().get(index);
        }
        return null;
    }
}
