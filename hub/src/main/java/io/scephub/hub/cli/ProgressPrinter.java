package io.scephub.hub.cli;

import io.scephub.core.apply.ApplyListener;
import io.scephub.core.apply.ChangeOutcome;
import io.scephub.core.plan.PlanChange;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints one line per finished change while apply runs. */
public final class ProgressPrinter implements ApplyListener {
    private final PrintWriter out;
    private final boolean enabled;

    public ProgressPrinter(PrintWriter out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    @Override
    public void started(PlanChange change) {
    }

    @Override
    public synchronized void finished(ChangeOutcome outcome) {
        if (!enabled) {
            return;
        }
        out.println("  " + outcome.action().symbol() + " " + outcome.key() + ": "
                + outcome.status().name().toLowerCase(Locale.ROOT)
                + outcome.message().map(m -> " (" + m + ")").orElse(""));
        out.flush();
    }
}
