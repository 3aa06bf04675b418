package io.scephub.hub.sync;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One row of {@code sync_runs}: the request, where it stands, and once run the plan's change counts
 * by action ({@code create=1 no-op=4}) and the apply's outcome counts by status ({@code applied=1}).
 *
 * @param error why the run failed, as a secret-free message
 * @param changes the resources the run changed, one per apply outcome (planned changes for a dry run)
 */
public record SyncRun(String id, SyncTrigger trigger, String requestedBy, Optional<String> idempotencyKey, boolean dryRun,
                      List<String> enrollments, SyncStatus status, Map<String, Long> plan, Map<String, Long> outcomes,
                      Instant queuedAt, Optional<Instant> startedAt, Optional<Instant> finishedAt, Optional<String> error,
                      List<SyncRunChange> changes) {
    public SyncRun {
        enrollments = List.copyOf(enrollments);
        changes = List.copyOf(changes);
        // Insertion order kept: counts read in the order the plan verbs and outcome statuses are declared.
        plan = Collections.unmodifiableMap(new LinkedHashMap<>(plan));
        outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
    }

    /** True when this run was made from {@code request} (same dry-run flag and targets). */
    public boolean matches(SyncRequest request) {
        return dryRun == request.dryRun() && enrollments.equals(request.enrollments());
    }
}
