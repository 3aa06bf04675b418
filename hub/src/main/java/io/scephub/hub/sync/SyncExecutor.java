package io.scephub.hub.sync;

import java.time.Instant;
import java.util.List;

/** What the scheduler's tasks call: a recurring tick, or a run the REST trigger queued. */
public interface SyncExecutor {
    /** Runs the sync of the tick at {@code tick}; a tick already recorded (by any instance) is not run again. */
    void runScheduled(Instant tick);

    /** Runs the queued run {@code runId} unless another worker already claimed it. */
    void runQueued(String runId);

    /** The names in {@code enrollments} that scephub.yaml does not define; empty when all are known or it cannot tell. */
    default List<String> unknownEnrollments(List<String> enrollments) {
        return List.of();
    }
}
