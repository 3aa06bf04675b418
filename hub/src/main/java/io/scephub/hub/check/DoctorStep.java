package io.scephub.hub.check;

import io.scephub.core.check.CheckResult;
import java.util.List;

/**
 * One of {@code doctor}'s three questions (pushed? chain? EKU?) with the checks that answer it.
 * Its status is the worst of its checks; the message and next step are those of the first check
 * with that status.
 */
public record DoctorStep(int number, String question, List<CheckResult> checks) {
    public DoctorStep {
        checks = List.copyOf(checks);
    }

    public CheckResult.Status status() {
        return CheckResult.worst(checks);
    }

    /** The check that decides the step: the first one with the step's status. */
    public CheckResult decisive() {
        CheckResult.Status status = status();
        return checks.stream().filter(c -> c.status() == status).findFirst()
                .orElseGet(() -> CheckResult.skipped("", "none", "nothing to check"));
    }
}
