package io.scephub.hub.sync;

import io.scephub.core.threads.DaemonThreads;
import io.scephub.hub.state.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's executor for every tenant of scephub.yaml: a schedule tick runs each tenant's sync
 * at once (a bounded pool; each tenant has its own connectors, rate-limit buckets and lock), and one
 * tenant's failure never stops another's; a queued run goes to the runner of the tenant it was queued for.
 */
public final class TenantSyncs implements SyncExecutor, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TenantSyncs.class);

    /** Replaced, never changed in place, when a tenant is added while serving. */
    private volatile Map<String, SyncRunner> runners;
    private final SyncRuns anyTenant;
    private final ExecutorService pool;

    /**
     * {@code runners} by tenant, in the file's order; {@code anyTenant} finds the tenant of a queued run; at most
     * {@code syncsAtOnce} tenants sync at once (the store's {@link StateStore#syncsAtOnce()}).
     */
    public TenantSyncs(Map<String, SyncRunner> runners, SyncRuns anyTenant, int syncsAtOnce) {
        this.runners = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(runners));
        this.anyTenant = anyTenant;
        // Threads start as ticks need them; the bound is the store's, so tenants added later also sync at once. A tenant
        // waiting on its own vendors' rate limits keeps its thread, so the bound is what lets many tenants wait at once.
        this.pool = Executors.newFixedThreadPool(syncsAtOnce, DaemonThreads.numbered("scephub-tenant-sync"));
    }

    /** Serves {@code tenant} too from now on (a tenant added to scephub.yaml while serving); one already served is kept. */
    public synchronized void add(String tenant, SyncRunner runner) {
        Map<String, SyncRunner> next = new LinkedHashMap<>(runners);
        next.putIfAbsent(tenant, runner);
        runners = java.util.Collections.unmodifiableMap(next);
    }

    /** Stops serving {@code tenant} (removed from scephub.yaml while serving): no tick syncs it, no queued run of it runs. */
    public synchronized void remove(String tenant) {
        Map<String, SyncRunner> next = new LinkedHashMap<>(runners);
        next.remove(tenant);
        runners = java.util.Collections.unmodifiableMap(next);
    }

    public Optional<SyncRunner> runner(String tenant) {
        return Optional.ofNullable(runners.get(tenant));
    }

    public List<String> tenants() {
        return List.copyOf(runners.keySet());
    }

    @Override
    public void runScheduled(Instant tick) {
        List<Future<?>> futures = new ArrayList<>();
        for (Map.Entry<String, SyncRunner> entry : runners.entrySet()) {
            futures.add(pool.submit(() -> {
                try {
                    entry.getValue().runScheduled(tick);
                } catch (RuntimeException e) {
                    // Recorded by the runner where it can be; a failure here must not cost the other tenants their tick.
                    log.warn("sync_tick_failed tenant={} error={}", entry.getKey(), e.getMessage());
                }
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                log.warn("sync_tick_failed error={}", e.getCause().toString());
            }
        }
    }

    @Override
    public void runQueued(String runId) {
        Optional<String> tenant = anyTenant.tenantOf(runId);
        Optional<SyncRunner> runner = tenant.flatMap(this::runner);
        if (runner.isEmpty()) {
            log.warn("sync_not_run run={} tenant={} reason=tenant_not_served_here", runId, tenant.orElse("?"));
            return;
        }
        runner.get().runQueued(runId);
    }

    /** Unscoped requests are the default tenant's. */
    @Override
    public List<String> unknownEnrollments(List<String> enrollments) {
        return runner(io.scephub.config.Tenant.DEFAULT).map(r -> r.unknownEnrollments(enrollments)).orElse(List.of());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
