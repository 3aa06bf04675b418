package io.scephub.hub;

import io.scephub.hub.cli.ScephubCommand;

/** The {@code scephub} executable. */
public final class Main {
    private Main() {
    }

    /** Read by {@link HubLogging}: the level of the apply engine's per-change log lines. */
    public static final String CHANGE_LOG_LEVEL = "scephub.changeLogLevel";

    public static void main(String[] args) {
        // A one-shot command prints every change's outcome itself; the engine's WARN line for a failed
        // change would show the same failure a second time. The server has no such output and keeps it.
        boolean server = args.length > 0 && args[0].equals("serve");
        if (!server && System.getenv("SCEPHUB_LOG_LEVEL") == null) {
            System.setProperty(CHANGE_LOG_LEVEL, "ERROR");
        }
        // Logging set up in code, without the class-path searches for a binding and a configuration (HubLoggingProvider).
        if (System.getProperty("slf4j.provider") == null && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("slf4j.provider", HubLoggingProvider.class.getName());
            // Otherwise SLF4J reports on stderr, at every start, that it took the provider it was given.
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                System.setProperty("slf4j.internal.verbosity", "WARN");
            }
        }
        System.exit(ScephubCommand.commandLine(HubEnvironment.system(), args).execute(args));
    }
}
