package io.scephub.config;

import io.scephub.core.resource.DesiredStateProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Places the values the vendors rejected at their line and column in scephub.yaml, so they read
 * like every other configuration problem. Enrollments are found by name, settings by their path.
 */
public final class DesiredStateLocations {
    private DesiredStateLocations() {
    }

    /** One {@link ConfigException} with a located problem per rejected value, in file order. */
    public static ConfigException locate(Path file, List<DesiredStateProblem> rejected) {
        // The file was valid moments ago; if it changed since, the problems keep their paths without a line.
        Problems scratch = new Problems(file);
        Optional<Node> root = ConfigFile.read(file, scratch).flatMap(text -> ConfigFile.compose(text, scratch));
        Problems problems = new Problems(file);
        for (DesiredStateProblem p : rejected) {
            Optional<String> path = root.flatMap(r -> pathOf(r, p));
            if (root.isPresent() && path.isPresent()) {
                problems.at(NodeLocator.locate(root.get(), path.get()), path.get(), p.message());
            } else {
                problems.inFile(p.enrollment() == null ? p.field() : "enrollment " + Values.quote(p.enrollment()) + " " + p.field(),
                        p.message());
            }
        }
        return ConfigException.rejectedByVendors(problems.sorted());
    }

    private static Optional<String> pathOf(Node root, DesiredStateProblem p) {
        if (p.enrollment() == null) {
            return Optional.of(p.field());
        }
        return enrollmentIndex(root, p.enrollment()).map(i -> {
            String base = "enrollments[" + i + "]";
            if (p.field().isEmpty()) {
                return base;
            }
            return p.field().startsWith("[") ? base + p.field() : base + "." + p.field();
        });
    }

    private static Optional<Integer> enrollmentIndex(Node root, String name) {
        if (!(root instanceof MappingNode mapping)) {
            return Optional.empty();
        }
        for (NodeTuple top : mapping.getValue()) {
            if (top.getKeyNode() instanceof ScalarNode k && k.getValue().equals("enrollments")
                    && top.getValueNode() instanceof SequenceNode list) {
                for (int i = 0; i < list.getValue().size(); i++) {
                    if (list.getValue().get(i) instanceof MappingNode enrollment && hasName(enrollment, name)) {
                        return Optional.of(i);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean hasName(MappingNode enrollment, String name) {
        return enrollment.getValue().stream().anyMatch(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("name")
                && t.getValueNode() instanceof ScalarNode v && v.getValue().equals(name));
    }
}
