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
        Matcher m = SEGMENT.matcher(path);
        while (m.find()) {
            Node next = m.group(1) != null ? child(current, m.group(1)) : item(current, Integer.parseInt(m.group(2)));
            if (next == null) {
                return current;
            }
            current = next;
        }
        return current;
    }

    private static Node child(Node node, String key) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return tuple.getValueNode();
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
