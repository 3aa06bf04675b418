package io.scephub.hub.cli;

import picocli.CommandLine.Command;

/** {@code scephub cert ...}: certificate and chain checks. */
@Command(name = "cert", description = "Inspect certificates, chains and bundles for Okta Device Access.",
        subcommands = {CertCheckCommand.class})
public final class CertCommand extends CommandGroup {
}
