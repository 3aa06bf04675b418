package io.scephub.hub.cli;

import io.scephub.core.error.ScephubException;

/** A command cannot do what was asked (a bad argument, a missing confirmation, a stale saved plan); the message says what to do. */
public final class CliError extends ScephubException {
    /** An argument or file given on the command line is unusable. */
    public static final String USAGE = "USAGE";
    /** {@code apply} was neither confirmed nor auto-approved. */
    public static final String NOT_CONFIRMED = "APPLY_NOT_CONFIRMED";
    /** A saved plan no longer matches what planning gives now. */
    public static final String PLAN_STALE = "PLAN_STALE";

    public CliError(String code, String message) {
        super(code, message, null);
    }

    public static CliError usage(String message) {
        return new CliError(USAGE, message);
    }
}
