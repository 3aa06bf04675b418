package io.scephub.hub;

import io.scephub.hub.state.StateStore;
import java.util.function.Supplier;

/**
 * A session's state store: a runtime's (shared, never closed here), or its own, opened when first
 * needed (an apply, or kept reads) and closed with the session.
 */
final class SessionStateStore implements AutoCloseable {
    private final Supplier<StateStore> opener;
    private final boolean owned;
    private StateStore store;
    private boolean closed;

    SessionStateStore(Supplier<StateStore> opener, boolean owned) {
        this.opener = opener;
        this.owned = owned;
    }

    /** A runtime's store, which the runtime closes. */
    static SessionStateStore shared(StateStore store) {
        return new SessionStateStore(() -> store, false);
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
        if (store != null && owned) {
            store.close();
        }
        store = null;
    }
}
