package io.scephub.hub;

import io.scephub.hub.cli.ScephubCommand;

/** The {@code scephub} executable. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(ScephubCommand.commandLine(HubEnvironment.system()).execute(args));
    }
}
