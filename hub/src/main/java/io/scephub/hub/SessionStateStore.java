package io.scephub.hub;

import io.scephub.hub.state.StateStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A session's state store: a runtime's (shared, never closed here), or its own, opened when first
 * needed (an apply, or kept reads) and closed with the session. A read that will need the store's record
 * may start opening it ahead, on a thread of its own, while it reads the vendors ({@link #openAhead()}).
 */
final class SessionStateStore implements AutoCloseable {
    private final Supplier<StateStore> opener;
    private final boolean owned;
    private final BooleanSupplier exists;
    private StateStore store;
    /** The opening {@link #openAhead()} started, until {@link #get()} takes it; it completes under this object's lock. */
    private CompletableFuture<StateStore> ahead;
    private boolean closed;

    SessionStateStore(Supplier<StateStore> opener, boolean owned) {
        this(opener, owned, () -> false);
    }

    /** @param exists whether the store is there already ({@link StateStore#exists}) and quick to open: only then is it opened ahead */
    SessionStateStore(Supplier<StateStore> opener, boolean owned, BooleanSupplier exists) {
        this.opener = opener;
        this.owned = owned;
        this.exists = exists;
    }

    /** A runtime's store, which the runtime closes. */
    static SessionStateStore shared(StateStore store) {
        return new SessionStateStore(() -> store, false);
    }

    /**
     * Starts opening the session's own store on a daemon thread, so that its opening (H2, the schema check) overlaps
     * the vendor reads that come before the first use of its record. Only a store that is there already: opening one
     * that is not would create it, and a read creates the store only when it records something (on first use, as
     * before). A failed opening ahead is forgotten; {@link #get()} then opens the store itself and fails as it would have.
     * {@link #close()} waits for an opening still under way: the schema check may be migrating the store, which a process
     * ending meanwhile would leave half-done.
     */
    synchronized void openAhead() {
        if (!owned || closed || store != null || ahead != null || !exists.getAsBoolean()) {
            return;
        }
        CompletableFuture<StateStore> opening = new CompletableFuture<>();
        ahead = opening;
        Thread thread = new Thread(() -> {
            StateStore opened;
            try {
                opened = opener.get();
            } catch (RuntimeException | Error e) {
                opening.completeExceptionally(e);
                return;
            }
            synchronized (this) {
                if (closed) {
                    // The session ended before it needed the store.
                    opened.close();
                    opening.completeExceptionally(new IllegalStateException("the session is closed"));
                } else {
                    opening.complete(opened);
                }
            }
        }, "scephub-state-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    /** The open store; a store that cannot be opened fails here, each time it is asked for. */
    StateStore get() {
        CompletableFuture<StateStore> opening;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the session is closed");
            }
            if (store != null) {
                return store;
            }
            opening = ahead;
        }
        StateStore opened = null;
        if (opening != null) {
            // Waited for outside the lock: the opening thread takes it to hand its store over.
            try {
                opened = opening.join();
            } catch (CompletionException e) {
                opened = null;
            }
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the session is closed");
            }
            if (ahead == opening) {
                ahead = null;
            }
            if (store == null) {
                store = opened != null ? opened : opener.get();
            }
            return store;
        }
    }

    @Override
    public void close() {
        CompletableFuture<StateStore> opening;
        synchronized (this) {
            closed = true;
            opening = ahead;
            ahead = null;
            if (opening != null && opening.isDone() && !opening.isCompletedExceptionally()) {
                // Opened ahead and never taken.
                opening.join().close();
                opening = null;
            }
            if (store != null && owned) {
                store.close();
            }
            store = null;
        }
        if (opening != null) {
            // Still opening: its thread sees the session closed and closes the store itself; waited for outside the lock,
            // which that thread takes to do so.
            try {
                opening.join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                // Closed by its thread, or it failed: nothing is left open either way.
            }
        }
    }
}
