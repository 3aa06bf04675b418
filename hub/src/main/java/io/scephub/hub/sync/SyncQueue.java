package io.scephub.hub.sync;

import java.util.List;
import java.util.Optional;

/** Where the REST trigger puts sync requests and looks runs up. */
public interface SyncQueue {
    /** The queued run, or the existing one when the request's idempotency key was seen before. */
    Queued queue(SyncRequest request);

    Optional<SyncRun> find(String id);

    /** Runs newest first, a page at a time (see {@link SyncRuns#page}). */
    default SyncRuns.Page list(int limit, Optional<String> cursor, Optional<SyncStatus> status) {
        throw new UnsupportedOperationException("this server does not run syncs");
    }

    /** The names in {@code enrollments} that scephub.yaml does not define; empty when all are known or it cannot tell. */
    default List<String> unknownEnrollments(List<String> enrollments) {
        return List.of();
    }

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
