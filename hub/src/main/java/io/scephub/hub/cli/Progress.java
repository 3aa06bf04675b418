package io.scephub.hub.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Progress lines of a long step (reading the vendors, applying) on stderr, so stdout keeps only
 * the result. Off for {@code --output json}, where a program reads the output.
 */
final class Progress {
    private final PrintWriter err;
    private final boolean enabled;
    private final Clock clock;
    private Instant started;

    Progress(PrintWriter err, boolean enabled, Clock clock) {
        this.err = err;
        this.enabled = enabled;
        this.clock = clock;
    }

    static Progress of(picocli.CommandLine.Model.CommandSpec spec, ConfigOptions.OutputFormat output, Clock clock) {
        return new Progress(spec.commandLine().getErr(), output == ConfigOptions.OutputFormat.text, clock);
    }

    /** Announces a step and starts its timer. */
    void start(String what) {
        started = clock.instant();
        line(what + "...");
    }

    /** Ends the step started last, with how long it took. */
    void done(String what) {
        Duration took = started == null ? Duration.ZERO : Duration.between(started, clock.instant());
        line(what + String.format(Locale.ROOT, " (%.1f s)", took.toMillis() / 1000.0));
    }

    void line(String text) {
        if (enabled) {
            err.println(text);
            err.flush();
        }
    }
}
