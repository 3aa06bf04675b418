package io.scephub.hub.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A subcommand of a {@link CommandGroup} ({@code audit verify}, {@code status devices}, ...): its spec and the root command. */
abstract class Subcommand implements Callable<Integer> {
    @ParentCommand
    CommandGroup group;

    @Spec
    CommandSpec spec;

    /** The {@code scephub} command: the environment and the hub. */
    ScephubCommand root() {
        return group.root;
    }
}
