package io.scephub.hub.check;

import io.scephub.core.check.CheckResult;
import java.util.List;
import java.util.Optional;

/** What {@code doctor} found for one device and enrollment: the three steps in the field guide's order. */
public record DoctorReport(String device, String enrollment, String mdm, List<DoctorStep> steps) {
    public DoctorReport {
        steps = List.copyOf(steps);
    }

    public boolean failed() {
        return steps.stream().anyMatch(s -> s.status() == CheckResult.Status.FAIL);
    }

    /** The first failing step: where the guide says to start. */
    public Optional<DoctorStep> firstFailure() {
        return steps.stream().filter(s -> s.status() == CheckResult.Status.FAIL).findFirst();
    }
}
