package io.scephub.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the problems of one load so the user sees all of them at once. */
final class Problems {
    private final Path file;
    private final List<ConfigProblem> found;
    /**
     * Problems found while reading a shared part (a template) for one tenant: the same problem for
     * several tenants is one problem naming them all, not one line per tenant.
     */
    private final Map<ConfigProblem, Set<String>> contexts;
    private final String context;
    /** Every problem reported, repeats in other contexts included, shared by the views. */
    private final int[] reported;

    Problems(Path file) {
        this(file, new ArrayList<>(), new LinkedHashMap<>(), null, new int[1]);
    }

    private Problems(Path file, List<ConfigProblem> found, Map<ConfigProblem, Set<String>> contexts, String context,
                     int[] reported) {
        this.reported = reported;
        this.file = file;
        this.found = found;
        this.contexts = contexts;
        this.context = context;
    }

    /** A view adding to the same problems, each noted as found while reading for {@code context} (e.g. a tenant). */
    Problems in(String context) {
        return new Problems(file, found, contexts, context, reported);
    }

    private void add(ConfigProblem problem) {
        reported[0]++;
        if (context == null) {
            found.add(problem);
            return;
        }
        Set<String> seen = contexts.get(problem);
        if (seen == null) {
            contexts.put(problem, new LinkedHashSet<>(List.of(context)));
            found.add(problem);
        } else {
            seen.add(context);
        }
    }

    void at(Node node, String path, String message) {
        at(node.getStartMark(), path, message);
    }

    void at(Mark mark, String path, String message) {
        if (mark == null) {
            add(new ConfigProblem(file, 0, 0, path, message));
        } else {
            add(new ConfigProblem(file, mark.getLine() + 1, mark.getColumn() + 1, path, message));
        }
    }

    /** At a 1-based line and column found without a YAML node (e.g. the first byte that is not UTF-8). */
    void at(int line, int column, String path, String message) {
        add(new ConfigProblem(file, line, column, path, message));
    }

    void inFile(String path, String message) {
        add(new ConfigProblem(file, 0, 0, path, message));
    }

    /** A count to compare against later: "did this part of the file add problems?". */
    int count() {
        return reported[0];
    }

    boolean any() {
        return !found.isEmpty();
    }

    /** In file order, which is how people fix them. */
    List<ConfigProblem> sorted() {
        List<ConfigProblem> copy = new ArrayList<>();
        for (ConfigProblem p : found) {
            Set<String> in = contexts.get(p);
            copy.add(in == null ? p : new ConfigProblem(p.file(), p.line(), p.column(), p.path(),
                    p.message() + " (for tenant" + (in.size() == 1 ? " " : "s ") + String.join(", ", in) + ")"));
        }
        copy.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return copy;
    }
}
