package io.scephub.core.engine;

import io.scephub.core.error.ScephubException;
import io.scephub.core.resource.DesiredStateProblem;
import java.util.List;
import java.util.stream.Collectors;

/** The vendors' reads found desired values they do not accept, so no plan is made and nothing is applied. */
public class DesiredStateRejected extends ScephubException {
    private final List<DesiredStateProblem> problems;

    public DesiredStateRejected(List<DesiredStateProblem> problems) {
        super("DESIRED_STATE_REJECTED", problems.size() + " desired value(s) not accepted by the vendors:\n  "
                + problems.stream().map(DesiredStateProblem::toString).collect(Collectors.joining("\n  ")), null);
        this.problems = List.copyOf(problems);
    }

    public List<DesiredStateProblem> problems() {
        return problems;
    }
}
