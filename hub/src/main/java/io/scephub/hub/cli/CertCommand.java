package io.scephub.hub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scephub cert ...}: certificate and chain checks. */
@Command(name = "cert", description = "Inspect certificates, chains and bundles for Okta Device Access.",
        subcommands = {CertCheckCommand.class})
public final class CertCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
