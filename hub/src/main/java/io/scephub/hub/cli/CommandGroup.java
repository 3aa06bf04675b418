package io.scephub.hub.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands ({@code audit}, {@code cert}, {@code renewal}, {@code status}): alone it prints its usage. */
abstract class CommandGroup implements Runnable {
    @ParentCommand
    ScephubCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
