package io.scephub.hub.cli;

import io.scephub.core.apply.ApplyResult;
import io.scephub.core.apply.ChangeOutcome;
import io.scephub.core.plan.Plan;
import io.scephub.core.plan.PlanJson;
import io.scephub.core.plan.PlanPrinter;
import java.io.PrintWriter;

/** Prints plans and apply results in the chosen format. */
final class PlanOutput {
    private PlanOutput() {
    }

    static void print(Plan plan, ConfigOptions.OutputFormat format, PrintWriter out) {
        if (format == ConfigOptions.OutputFormat.json) {
            out.println(new PlanJson().render(plan).toPrettyString());
        } else {
            out.print(new PlanPrinter().render(plan));
        }
        out.flush();
    }

    static void summary(ApplyResult result, PrintWriter out) {
        for (ChangeOutcome o : result.outcomes()) {
            if (o.status() == ChangeOutcome.Status.FAILED || o.status() == ChangeOutcome.Status.SKIPPED
                    || o.status() == ChangeOutcome.Status.NOT_ATTEMPTED) {
                out.println("  ! " + o.status().name().toLowerCase(java.util.Locale.ROOT) + " " + o.action().verb() + " " + o.key()
                        + o.message().map(m -> ": " + m).orElse(""));
            }
        }
        out.println(result.succeeded()
                ? "Apply complete: " + result.count(ChangeOutcome.Status.APPLIED) + " applied, "
                        + result.count(ChangeOutcome.Status.ADOPTED) + " adopted."
                : "Apply incomplete: " + result.count(ChangeOutcome.Status.APPLIED) + " applied, "
                        + result.count(ChangeOutcome.Status.ADOPTED) + " adopted, "
                        + result.count(ChangeOutcome.Status.FAILED) + " failed, "
                        + result.count(ChangeOutcome.Status.SKIPPED) + " skipped, "
                        + result.count(ChangeOutcome.Status.NOT_ATTEMPTED) + " not attempted. "
                        + "Fix the cause and run apply again: it converges without duplicates.");
        out.flush();
    }
}
