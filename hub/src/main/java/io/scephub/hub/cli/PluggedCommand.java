package io.scephub.hub.cli;

/**
 * A subcommand that another module's jar adds to {@code scephub} when that jar is on the class path
 * (found with {@link java.util.ServiceLoader}); {@code scephub demo} comes this way, so the hub's
 * own jar and lib/ carry no sandbox.
 */
public interface PluggedCommand {
    /** The name typed after {@code scephub}. */
    String name();

    /** A new picocli command object; called only when the name was typed or help lists every command. */
    Object create();
}
