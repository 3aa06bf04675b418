package io.scephub.hub;

import io.scephub.hub.state.StateStore;
import java.util.function.Supplier;

/** A session's state store: opened when first needed (an apply, or kept reads), then shared until the session closes. */
final class SessionStateStore implements AutoCloseable {
    private final Supplier<StateStore> opener;
    private StateStore store;
    private boolean closed;

    SessionStateStore(Supplier<StateStore> opener) {
        this.opener = opener;
    }

    /** The open store; a store that cannot be opened fails here, each time it is asked for. */
    synchronized StateStore get() {
        if (closed) {
            throw new IllegalStateException("the session is closed");
        }
        if (store == null) {
            store = opener.get();
        }
        return store;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
