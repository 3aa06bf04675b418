package io.scephub.hub.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --output}, shared by the commands that read scephub.yaml. */
public final class ConfigOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "scephub.yaml",
            description = "The desired-state file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    /** How results are printed. */
    public enum OutputFormat { text, json }
}
