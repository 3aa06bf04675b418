package io.scephub.hub.cli;

import io.scephub.core.apply.ApplyResult;
import io.scephub.core.apply.ChangeOutcome;
import io.scephub.core.plan.Plan;
import io.scephub.core.plan.PlanJson;
import io.scephub.core.plan.PlanPrinter;
import java.io.PrintWriter;

/** Prints plans and apply results in the chosen format. */
public final class PlanOutput {
    private PlanOutput() {
    }

    public static void print(Plan plan, ConfigOptions.OutputFormat format, PrintWriter out) {
        if (format == ConfigOptions.OutputFormat.json) {
            out.println(new PlanJson().render(plan).toPrettyString());
        } else {
            out.print(new PlanPrinter().render(plan));
        }
        out.flush();
    }

    /**
     * The closing line of an apply. The outcome of each change, with the reason of any failure,
     * was printed as it finished ({@link ProgressPrinter}); it is not repeated here.
     */
    public static void summary(ApplyResult result, PrintWriter out) {
        out.println(result.succeeded()
                ? "Apply complete: " + result.count(ChangeOutcome.Status.APPLIED) + " applied, "
                        + result.count(ChangeOutcome.Status.ADOPTED) + " adopted."
                : "Apply incomplete: " + result.count(ChangeOutcome.Status.APPLIED) + " applied, "
                        + result.count(ChangeOutcome.Status.ADOPTED) + " adopted, "
                        + result.count(ChangeOutcome.Status.FAILED) + " failed, "
                        + result.count(ChangeOutcome.Status.SKIPPED) + " skipped, "
                        + result.count(ChangeOutcome.Status.NOT_ATTEMPTED) + " not attempted (reasons above). "
                        + "Fix the cause and run apply again: it converges without duplicates.");
        out.flush();
    }
}
