package io.scephub.hub.sync;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How long a sync's worker may be silent before its instance counts as dead: one setting for the
 * sweep that fails its run in {@code sync_runs} and for db-scheduler, which then releases the
 * dead instance's recurring execution so the schedule resumes on a live instance. Workers beat
 * {@link #BEATS_PER_PERIOD} times per period.
 */
public record SyncLiveness(Duration abandonedAfter) {
    /** Five minutes: long past any pause of a live worker, short enough that a crash costs a few missed ticks at most. */
    public static final SyncLiveness DEFAULT = new SyncLiveness(Duration.ofMinutes(5));
    /** Missed heartbeats before a worker counts as dead. */
    public static final int BEATS_PER_PERIOD = 10;
    /**
     * Test-only: the environment variable that shortens the period (an ISO-8601 duration, e.g.
     * {@code PT6S}) so kill -9 tests finish in seconds. Not for production: a short period takes a
     * slow live worker for dead.
     */
    public static final String TEST_OVERRIDE = "SCEPHUB_TEST_ABANDONED_AFTER";

    public SyncLiveness {
        if (abandonedAfter.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the abandoned-run period must be at least 1 s, not " + abandonedAfter);
        }
    }

    /** {@link #DEFAULT}, unless the environment sets {@link #TEST_OVERRIDE}. */
    public static SyncLiveness from(Map<String, String> env) {
        return Optional.ofNullable(env.get(TEST_OVERRIDE)).map(value -> {
            try {
                return new SyncLiveness(Duration.parse(value));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(TEST_OVERRIDE + ": \"" + value + "\" is not an ISO-8601 duration such as PT6S");
            }
        }).orElse(DEFAULT);
    }

    /** How often a running sync's worker (and db-scheduler, for its executions) says it is alive. */
    public Duration heartbeatEvery() {
        return abandonedAfter.dividedBy(BEATS_PER_PERIOD);
    }

    /** How often each instance looks for abandoned runs. */
    public Duration sweepEvery() {
        return abandonedAfter.dividedBy(5);
    }
}
