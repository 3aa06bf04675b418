package io.scephub.config;

import io.scephub.core.error.ScephubException;
import java.util.List;
import java.util.stream.Collectors;

/** scephub.yaml is invalid; carries every problem found, not just the first. */
public class ConfigException extends ScephubException {
    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super("CONFIG_INVALID", format(problems), null);
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String format(List<ConfigProblem> problems) {
        String header = problems.size() == 1 ? "1 problem in the configuration:" : problems.size() + " problems in the configuration:";
        return problems.stream().map(p -> "  " + p.render()).collect(Collectors.joining("\n", header + "\n", ""));
    }
}
