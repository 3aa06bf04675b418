package io.scephub.hub.cli;

import io.scephub.hub.KeptReadsMode;
import picocli.CommandLine.Option;

/** {@code --refresh}, shared by the commands that plan: plan, apply and sync. */
public final class RefreshOption {
    @Option(names = "--refresh", description = "Read every object again, ignoring reads kept from the last N minutes"
            + " (state.reuseReadsFor, default 10m).")
    boolean refresh;

    KeptReadsMode keptReads() {
        return refresh ? KeptReadsMode.REFRESH : KeptReadsMode.REUSE;
    }
}
