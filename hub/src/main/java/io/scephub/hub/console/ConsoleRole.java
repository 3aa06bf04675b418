package io.scephub.hub.console;

import io.scephub.config.HubSettings;
import java.util.Collection;
import java.util.Optional;

/** What a signed-in person may do: viewers see every page, operators may also queue syncs and dry runs. */
public enum ConsoleRole {
    VIEWER, OPERATOR;

    /** The highest role {@code groups} grant under {@code console}'s mapping; empty when none. */
    public static Optional<ConsoleRole> of(Collection<String> groups, HubSettings.Console console) {
        if (groups.stream().anyMatch(console.operators()::contains)) {
            return Optional.of(OPERATOR);
        }
        if (groups.stream().anyMatch(console.viewers()::contains)) {
            return Optional.of(VIEWER);
        }
        return Optional.empty();
    }

    public boolean mayQueueSyncs() {
        return this == OPERATOR;
    }

    public String label() {
        return this == OPERATOR ? "operator" : "viewer";
    }
}
