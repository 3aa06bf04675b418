package io.scephub.hub.console;

/** What a signed-in person may do: viewers see a tenant's pages, operators may also queue its syncs and dry runs (see {@link ConsoleAccess}). */
public enum ConsoleRole {
    VIEWER, OPERATOR;

    public boolean mayQueueSyncs() {
        return this == OPERATOR;
    }

    public String label() {
        return this == OPERATOR ? "operator" : "viewer";
    }
}
