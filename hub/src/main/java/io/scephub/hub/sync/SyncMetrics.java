package io.scephub.hub.sync;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sync-run metrics read from {@code sync_runs}, so every instance sharing a database reports the same
 * numbers whichever instance ran the syncs: {@code scephub_sync_runs{status}} (runs by status, queued
 * and running included), {@code scephub_sync_failures_total} (runs that ended failed or partial) and
 * {@code scephub_sync_last_success_timestamp_seconds} (end of the newest successful non-dry run; 0
 * when none). One database read per scrape at most every few seconds.
 */
public final class SyncMetrics {
    public static final String RUNS = "scephub.sync.runs";
    public static final String FAILURES = "scephub.sync.failures";
    public static final String LAST_SUCCESS = "scephub.sync.last.success.timestamp";
    private static final Duration CACHE_FOR = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(SyncMetrics.class);

    private final SyncRuns runs;
    private final Clock clock;
    private SyncRuns.Stats cached;
    private Instant cachedAt = Instant.MIN;

    private SyncMetrics(SyncRuns runs, Clock clock) {
        this.runs = runs;
        this.clock = clock;
    }

    /** Registers the gauges and the counter in {@code registry}. */
    public static SyncMetrics register(MeterRegistry registry, SyncRuns runs, Clock clock) {
        SyncMetrics metrics = new SyncMetrics(runs, clock);
        for (SyncStatus status : SyncStatus.values()) {
            Gauge.builder(RUNS, metrics, m -> m.stats().map(s -> (double) s.byStatus().get(status)).orElse(Double.NaN))
                    .description("Sync runs in the state store by status").tag("status", status.value())
                    // Micrometer holds a meter's object weakly; these strong gauges keep it alive for the counter too.
                    .strongReference(true).register(registry);
        }
        FunctionCounter.builder(FAILURES, metrics, m -> m.stats()
                        .map(s -> (double) (s.byStatus().get(SyncStatus.FAILED) + s.byStatus().get(SyncStatus.PARTIAL))).orElse(Double.NaN))
                .description("Sync runs that ended failed or partial").register(registry);
        Gauge.builder(LAST_SUCCESS, metrics, m -> m.stats()
                        .map(s -> s.lastSuccess().map(t -> t.toEpochMilli() / 1000.0).orElse(0.0)).orElse(Double.NaN))
                .description("When the newest successful sync (not a dry run) finished, Unix seconds; 0 when none has")
                .baseUnit("seconds").strongReference(true).register(registry);
        return metrics;
    }

    private synchronized Optional<SyncRuns.Stats> stats() {
        Instant now = clock.instant();
        if (cached == null || Duration.between(cachedAt, now).compareTo(CACHE_FOR) >= 0 || now.isBefore(cachedAt)) {
            try {
                cached = runs.stats();
                cachedAt = now;
            } catch (RuntimeException e) {
                // A scrape must not fail for the database: the values read NaN until it answers again.
                log.warn("sync_metrics_unavailable error={}", e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.of(cached);
    }
}
