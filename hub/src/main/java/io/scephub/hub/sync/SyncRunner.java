package io.scephub.hub.sync;

import io.scephub.config.ScephubConfig;
import io.scephub.core.apply.ApplyListener;
import io.scephub.core.apply.ApplyResult;
import io.scephub.core.apply.ChangeOutcome;
import io.scephub.core.error.ScephubException;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.plan.Plan;
import io.scephub.core.plan.PlanChange;
import io.scephub.core.threads.DaemonThreads;
import io.scephub.hub.Hub;
import io.scephub.hub.HubSession;
import io.scephub.hub.devices.DeviceStateRecorder;
import io.scephub.hub.KeptReadsMode;
import io.scephub.hub.notify.DeliveryPolicy;
import io.scephub.hub.notify.Notifier;
import io.scephub.hub.state.SyncLock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs syncs: loads scephub.yaml afresh (so a running service picks up edits), plans, narrows the
 * plan to the requested enrollments, applies it unless it is a dry run, and records the run in
 * {@code sync_runs} and the audit log. The CLI, the schedule and the REST trigger all end here.
 */
public final class SyncRunner implements SyncExecutor {
    private static final Logger log = LoggerFactory.getLogger(SyncRunner.class);
    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("scephub-sync-heartbeat"));

    private final Hub hub;
    private final Path configFile;
    private final SyncRuns runs;
    private final KeptReadsMode keptReads;
    private final SyncLock lock;
    private final String partition;
    private final SyncLiveness liveness;
    /** The tenant whose syncs these are: {@code runs} is scoped to it, and the configuration narrowed to it. */
    private final String tenant;
    private final DeliveryPolicy delivery;
    /** The configuration every run uses as loaded once ({@link #withConfig}); empty: scephub.yaml is loaded per run. */
    private final Optional<ScephubConfig> loaded;

    /** Syncs reuse reads kept within {@code state.reuseReadsFor}; {@code lock} is the state store's (one sync at a time). */
    public SyncRunner(Hub hub, Path configFile, SyncRuns runs, SyncLock lock) {
        this(hub, configFile, runs, KeptReadsMode.REUSE, lock, SyncLock.WHOLE_STORE, SyncLiveness.DEFAULT);
    }

    /** Runs syncs of the store partition {@code partition}, one at a time under {@code lock}, beating as {@code liveness} says. */
    public SyncRunner(Hub hub, Path configFile, SyncRuns runs, KeptReadsMode keptReads, SyncLock lock, String partition,
                      SyncLiveness liveness) {
        this(hub, configFile, runs, keptReads, lock, partition, liveness, DeliveryPolicy.DEFAULT, Optional.empty());
    }

    private SyncRunner(Hub hub, Path configFile, SyncRuns runs, KeptReadsMode keptReads, SyncLock lock, String partition,
                       SyncLiveness liveness, DeliveryPolicy delivery, Optional<ScephubConfig> loaded) {
        this.delivery = delivery;
        this.loaded = loaded;
        this.hub = hub;
        this.configFile = configFile;
        this.runs = runs;
        this.keptReads = keptReads;
        this.lock = lock;
        this.partition = partition;
        this.liveness = liveness;
        this.tenant = runs.tenant().orElseThrow(() -> new IllegalArgumentException("a sync runner runs one tenant's syncs"));
    }

    /** The tenant this runner syncs. */
    public String tenant() {
        return tenant;
    }

    /** scephub.yaml as it is now (or as loaded once, {@link #withConfig}), narrowed to this runner's tenant (which must still be in it). */
    private ScephubConfig load() {
        ScephubConfig config = loaded.orElseGet(() -> hub.load(configFile));
        if (config.tenant(tenant).isEmpty()) {
            throw new IllegalArgumentException("tenant " + tenant + " is no longer in " + configFile.getFileName() + "; it defines "
                    + String.join(", ", config.tenantNames()));
        }
        return config.forTenant(tenant);
    }

    /** This runner, sending its notifications with {@code policy} (tests: short backoff). */
    public SyncRunner withDelivery(DeliveryPolicy policy) {
        return new SyncRunner(hub, configFile, runs, keptReads, lock, partition, liveness, policy, loaded);
    }

    /**
     * This runner, running {@code config} (scephub.yaml as loaded by the caller) instead of loading the file per run:
     * for the one-shot {@code scephub sync}, whose tenants would otherwise each parse the whole file again (with a
     * hundred tenants, a hundred parses of a hundred tenants). A service keeps loading per run to see edits.
     */
    public SyncRunner withConfig(ScephubConfig config) {
        return new SyncRunner(hub, configFile, runs, keptReads, lock, partition, liveness, delivery, Optional.of(config));
    }

    /** Records the request and runs it at once; returns the finished run. */
    public SyncRun runNow(SyncRequest request) {
        return runNow(request, SyncLock.Waiting.quietly());
    }

    /** As {@link #runNow(SyncRequest)}; {@code waiting} is told when the run has to wait for another sync of the store. */
    public SyncRun runNow(SyncRequest request, SyncLock.Waiting waiting) {
        SyncQueue.Queued queued = runs.queue(request);
        return queued.created() ? execute(queued.run().id(), waiting) : queued.run();
    }

    @Override
    public void runScheduled(Instant tick) {
        // The tick's time as the key: should two instances ever both fire one tick, the second gets the first's run.
        runNow(new SyncRequest(SyncTrigger.SCHEDULE, "scheduler", Optional.of("schedule:" + tick), false, List.of()));
    }

    @Override
    public void runQueued(String runId) {
        execute(runId);
    }

    /** The names in {@code enrollments} that scephub.yaml does not define (empty: all are known). */
    @Override
    public List<String> unknownEnrollments(List<String> enrollments) {
        List<String> known = load().desired().enrollments().stream().map(EnrollmentSpec::name).toList();
        return enrollments.stream().filter(e -> !known.contains(e)).toList();
    }

    /**
     * Runs a queued run if this caller claims it; otherwise returns it as another worker left it.
     * The run waits (still queued) until no other sync of the store partition runs, in this process
     * or any other sharing the store, so two syncs never plan against the same vendors at once.
     */
    public SyncRun execute(String runId) {
        return execute(runId, SyncLock.Waiting.quietly());
    }

    private SyncRun execute(String runId, SyncLock.Waiting waiting) {
        SyncRun run = runs.find(runId).orElseThrow(() -> new IllegalArgumentException("no sync run " + runId));
        if (run.status() != SyncStatus.QUEUED) {
            return skipped(runId);
        }
        SyncLock.Held held;
        try {
            held = lock.acquire(partition, p -> {
                log.info("sync_waiting run={} partition={} reason=another_sync_is_running", runId, p);
                waiting.waiting(p);
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Still queued: the scheduler retries the task, or the sweep reports it.
            throw new IllegalStateException("stopped while sync run " + runId + " waited for the sync running before it", e);
        }
        try (held) {
            return claimAndRun(run);
        }
    }

    private SyncRun skipped(String runId) {
        log.info("sync_skipped run={} status={} reason=already_claimed", runId, runs.find(runId).map(r -> r.status().value()).orElse("?"));
        return runs.find(runId).orElseThrow();
    }

    private SyncRun claimAndRun(SyncRun run) {
        String runId = run.id();
        if (!runs.claim(runId)) {
            return skipped(runId);
        }
        log.info("sync_started run={} tenant={} trigger={} requested_by={} dry_run={} targets={}", runId, tenant, run.trigger().value(),
                run.requestedBy(), run.dryRun(), run.enrollments());
        Map<String, Long> planned = Map.of();
        // The sweepers of every instance take a run without heartbeats for its worker's death.
        ScheduledFuture<?> heartbeat = HEARTBEATS.scheduleWithFixedDelay(() -> {
            try {
                runs.heartbeat(runId);
            } catch (RuntimeException e) {
                log.warn("sync_heartbeat_failed run={} error={}", runId, e.getMessage());
            }
        }, liveness.heartbeatEvery().toMillis(), liveness.heartbeatEvery().toMillis(), TimeUnit.MILLISECONDS);
        ScephubConfig config = null;
        SyncRun finished = null;
        DriftSplit split = DriftSplit.NONE;
        try {
            config = load();
            List<String> known = config.desired().enrollments().stream().map(EnrollmentSpec::name).toList();
            List<String> unknown = run.enrollments().stream().filter(e -> !known.contains(e)).toList();
            if (!unknown.isEmpty()) {
                return finished = finish(runId, SyncStatus.FAILED, planned, Map.of(), Optional.of("enrollments " + unknown
                        + " are not in " + configFile.getFileName() + "; it defines " + known));
            }
            try (HubSession session = hub.open(config, keptReads)) {
                Plan plan = TargetFilter.filter(session.plan(), run.enrollments());
                planned = planCounts(plan);
                List<String> recorded = run.enrollments().isEmpty() ? known : run.enrollments();
                if (run.dryRun() || plan.isEmpty()) {
                    recordPlans(runId, plan, recorded, run.dryRun(), List.of());
                    DeviceStateRecorder.record(session, config.desired(), recorded, runId, runs.deviceStateCounts(), runs.now());
                    SyncStatus quiet = !run.dryRun() && DriftSplit.onlyReports(recorded, config.alerting())
                            ? SyncStatus.IN_SYNC : SyncStatus.SUCCEEDED;
                    return finished = finish(runId, quiet, planned, Map.of(), Optional.empty(), plannedChanges(plan));
                }
                split = DriftSplit.of(plan, config.alerting());
                if (split.toApply().isEmpty()) {
                    // Report or alert mode for everything that differs: the plan is the run's whole result.
                    recordPlans(runId, plan, recorded, true, List.of());
                    DeviceStateRecorder.record(session, config.desired(), recorded, runId, runs.deviceStateCounts(), runs.now());
                    SyncStatus status = split.reported().isEmpty() ? SyncStatus.IN_SYNC : SyncStatus.DRIFTED;
                    return finished = finish(runId, status, planned, Map.of(), Optional.empty(), plannedChanges(split.reported()));
                }
                ApplyResult result = session.apply(split.toApply().get(), ApplyListener.none(), runId);
                List<SyncRunChange> changes = new java.util.ArrayList<>(changes(result));
                changes.addAll(plannedChanges(split.reported()));
                recordPlans(runId, plan, recorded, false, changes);
                DeviceStateRecorder.record(session, config.desired(), recorded, runId, runs.deviceStateCounts(), runs.now());
                return finished = finish(runId, status(result), planned, outcomeCounts(result), failures(result), changes);
            }
        } catch (ScephubException | IllegalArgumentException e) {
            // Project exceptions are built secret-free (values are never quoted), so their message is safe to store.
            return finished = finish(runId, SyncStatus.FAILED, planned, Map.of(), Optional.of(e.getMessage()));
        } catch (RuntimeException e) {
            log.error("sync_failed run={} error={}", runId, e.getClass().getName(), e);
            return finished = finish(runId, SyncStatus.FAILED, planned, Map.of(),
                    Optional.of("internal error (" + e.getClass().getSimpleName() + "); see the hub's log for run " + runId));
        } finally {
            heartbeat.cancel(false);
            notify(config, finished, split);
        }
    }

    /**
     * Tells the webhooks about a failed run and about drift found in alert mode, after the run is
     * recorded. Never fails the sync: every outcome lands in the notifications table.
     */
    private void notify(ScephubConfig config, SyncRun run, DriftSplit split) {
        if (config == null || run == null || config.alerting().notifications().isEmpty()) {
            return;
        }
        try {
            Notifier notifier = Notifier.of(config, hub.env().env(), runs.notifications(), delivery, hub.env().clock());
            SyncNotices.of(run, split.alerted(), tenant).forEach(notifier::send);
        } catch (RuntimeException e) {
            log.error("sync_notifications_failed run={} error={}", run.id(), e.getClass().getSimpleName(), e);
        }
    }

    /** Keeps each enrollment's part of the plan for the console; a failure here never fails the sync. */
    private void recordPlans(String runId, Plan plan, List<String> enrollments, boolean dryRun, List<SyncRunChange> outcomes) {
        try {
            Map<String, String> byResource = new LinkedHashMap<>();
            outcomes.forEach(o -> byResource.put(o.resource(), o.status()));
            runs.enrollmentPlans().record(PlanRecords.of(plan, enrollments, runId, runs.now(), dryRun, byResource));
        } catch (RuntimeException e) {
            log.warn("sync_plan_not_recorded run={} error={}", runId, e.getMessage());
        }
    }

    private SyncRun finish(String runId, SyncStatus status, Map<String, Long> planned, Map<String, Long> outcomes,
                           Optional<String> error) {
        return finish(runId, status, planned, outcomes, error, List.of());
    }

    private SyncRun finish(String runId, SyncStatus status, Map<String, Long> planned, Map<String, Long> outcomes,
                           Optional<String> error, List<SyncRunChange> changes) {
        SyncRun run = runs.finish(runId, status, planned, outcomes, error, changes);
        long millis = run.startedAt().flatMap(s -> run.finishedAt().map(f -> Duration.between(s, f).toMillis())).orElse(-1L);
        if (status == SyncStatus.SUCCEEDED || status == SyncStatus.IN_SYNC) {
            log.info("sync_finished run={} status={} duration_ms={} plan=\"{}\" outcomes=\"{}\"", runId, status.value(), millis,
                    SyncRuns.counts(planned), SyncRuns.counts(outcomes));
        } else {
            log.warn("sync_finished run={} status={} duration_ms={} plan=\"{}\" outcomes=\"{}\" error=\"{}\"", runId, status.value(),
                    millis, SyncRuns.counts(planned), SyncRuns.counts(outcomes), error.orElse(""));
        }
        return run;
    }

    /** One entry per apply outcome: which resource, what was to be done, how it ended. */
    static List<SyncRunChange> changes(ApplyResult result) {
        return result.outcomes().stream().map(o -> new SyncRunChange(o.key().toString(), o.action().verb(),
                o.status().name().toLowerCase(Locale.ROOT).replace('_', '-'), o.result().map(a -> a.vendorId()), o.message())).toList();
    }

    /** A dry run's changes: what an apply would do, each {@code planned}. */
    static List<SyncRunChange> plannedChanges(Plan plan) {
        return plannedChanges(plan.effectiveChanges());
    }

    /** {@code changes} as planned, not applied. */
    static List<SyncRunChange> plannedChanges(List<PlanChange> changes) {
        return changes.stream().map(c -> new SyncRunChange(c.key().toString(), c.action().verb(), SyncRunChange.PLANNED,
                Optional.empty(), Optional.empty())).toList();
    }

    private static SyncStatus status(ApplyResult result) {
        if (result.succeeded()) {
            return SyncStatus.SUCCEEDED;
        }
        return result.outcomes().stream().anyMatch(ChangeOutcome::succeeded) ? SyncStatus.PARTIAL : SyncStatus.FAILED;
    }

    private static Optional<String> failures(ApplyResult result) {
        List<String> failed = result.outcomes().stream().filter(o -> o.status() == ChangeOutcome.Status.FAILED)
                .map(o -> o.key() + (o.message().map(m -> ": " + m).orElse(""))).toList();
        return failed.isEmpty() ? Optional.empty() : Optional.of("failed: " + String.join("; ", failed));
    }

    /** Changes by plan verb, no-ops included, every verb present. */
    static Map<String, Long> planCounts(Plan plan) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (PlanChange.Action action : PlanChange.Action.values()) {
            counts.put(action.verb(), plan.changes().stream().filter(c -> c.action() == action).count());
        }
        return counts;
    }

    private static Map<String, Long> outcomeCounts(ApplyResult result) {
        Map<String, Long> counts = new LinkedHashMap<>();
        result.counts().forEach((status, n) -> counts.put(status.name().toLowerCase(Locale.ROOT).replace('_', '-'), n));
        return counts;
    }
}
