package io.scephub.hub.sync;

import java.util.Optional;

/** Where the REST trigger puts sync requests and looks runs up. */
public interface SyncQueue {
    /** The queued run, or the existing one when the request's idempotency key was seen before. */
    Queued queue(SyncRequest request);

    Optional<SyncRun> find(String id);

    /** A run and whether this call created it ({@code false}: an earlier request with the same key did). */
    record Queued(SyncRun run, boolean created) {
    }

    /** For a server without a state store behind its sync endpoints: every call says so. */
    static SyncQueue unavailable() {
        return new SyncQueue() {
            @Override
            public Queued queue(SyncRequest request) {
                throw new UnsupportedOperationException("this server does not run syncs");
            }

            @Override
            public Optional<SyncRun> find(String id) {
                throw new UnsupportedOperationException("this server does not run syncs");
            }
        };
    }
}
