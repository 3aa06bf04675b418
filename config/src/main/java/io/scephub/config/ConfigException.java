package io.scephub.config;

import io.scephub.core.error.ScephubException;
import java.util.List;
import java.util.stream.Collectors;

/** scephub.yaml is invalid; carries every problem found, not just the first. */
public class ConfigException extends ScephubException {
    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        this("CONFIG_INVALID", problems, "in the configuration");
    }

    private ConfigException(String code, List<ConfigProblem> problems, String where) {
        super(code, format(problems, where), null);
        this.problems = List.copyOf(problems);
    }

    /** Values the file states correctly but a vendor does not accept (e.g. a group that does not exist), placed in the file. */
    public static ConfigException rejectedByVendors(List<ConfigProblem> problems) {
        return new ConfigException("DESIRED_STATE_REJECTED", problems, "in the configuration, found by reading the vendors");
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String format(List<ConfigProblem> problems, String where) {
        String header = (problems.size() == 1 ? "1 problem " : problems.size() + " problems ") + where + ":";
        return problems.stream().map(p -> "  " + p.render()).collect(Collectors.joining("\n", header + "\n", ""));
    }
}
