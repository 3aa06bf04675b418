package io.scephub.hub.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A top-level command that reads scephub.yaml: the root command (environment, hub), the command's own spec, and
 * {@code --config}/{@code --output}. picocli injects the annotated fields of a superclass as its own.
 */
abstract class ConfiguredCommand implements Callable<Integer> {
    @ParentCommand
    ScephubCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;
}
