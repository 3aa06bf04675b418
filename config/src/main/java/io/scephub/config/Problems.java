package io.scephub.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the problems of one load so the user sees all of them at once. */
final class Problems {
    private final Path file;
    private final List<ConfigProblem> found = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    void at(Node node, String path, String message) {
        at(node.getStartMark(), path, message);
    }

    void at(Mark mark, String path, String message) {
        if (mark == null) {
            found.add(new ConfigProblem(file, 0, 0, path, message));
        } else {
            found.add(new ConfigProblem(file, mark.getLine() + 1, mark.getColumn() + 1, path, message));
        }
    }

    /** At a 1-based line and column found without a YAML node (e.g. the first byte that is not UTF-8). */
    void at(int line, int column, String path, String message) {
        found.add(new ConfigProblem(file, line, column, path, message));
    }

    void inFile(String path, String message) {
        found.add(new ConfigProblem(file, 0, 0, path, message));
    }

    /** A count to compare against later: "did this part of the file add problems?". */
    int count() {
        return found.size();
    }

    boolean any() {
        return !found.isEmpty();
    }

    /** In file order, which is how people fix them. */
    List<ConfigProblem> sorted() {
        List<ConfigProblem> copy = new ArrayList<>(found);
        copy.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return copy;
    }
}
