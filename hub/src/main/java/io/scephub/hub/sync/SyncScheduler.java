package io.scephub.hub.sync;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import io.scephub.core.threads.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's db-scheduler: the recurring sync on {@code schedule.sync} (a 6-field cron, UTC) and the
 * one-time runs the REST trigger queues. The schedule lives in the {@code scheduled_tasks} table, so
 * instances sharing one PostgreSQL database compete for each due execution and exactly one wins
 * (db-scheduler's optimistic lock on the row's version); the others see it taken.
 * Also the {@link SyncQueue} of the REST trigger: a queued run is a {@code sync_runs} row plus a
 * one-time task whose instance id is the run id.
 */
public final class SyncScheduler implements SyncQueue, AutoCloseable {
    /** The recurring sync's task name in {@code scheduled_tasks}. */
    public static final String RECURRING_TASK = "scephub-sync";
    /** The task name of runs queued through the REST trigger. */
    public static final String QUEUED_TASK = "scephub-sync-run";
    private static final Logger log = LoggerFactory.getLogger(SyncScheduler.class);

    /**
     * How the scheduler runs.
     *
     * @param pollingInterval how often an instance looks for due executions (a queued run waits at most this long)
     * @param instanceName the name in {@code scheduled_tasks.picked_by}; empty: the host name
     * @param liveness when a silent run, and the recurring execution a dead instance held, are taken back
     */
    public record Settings(String cron, Duration pollingInterval, int threads, Optional<String> instanceName, SyncLiveness liveness) {
        /** How often {@code serve} looks for due executions. */
        public static final Duration DEFAULT_POLLING_INTERVAL = Duration.ofSeconds(10);
        /**
         * Test-only: the environment variable that shortens {@link #DEFAULT_POLLING_INTERVAL} (ISO-8601, e.g. {@code PT0.5S}),
         * so a test waits for a scheduled tick or a revived execution in well under a second instead of up to 10 s.
         */
        public static final String POLLING_TEST_OVERRIDE = "SCEPHUB_TEST_POLL_EVERY";

        public Settings(String cron, Duration pollingInterval, int threads, Optional<String> instanceName) {
            this(cron, pollingInterval, threads, instanceName, SyncLiveness.DEFAULT);
        }

        public static Settings of(String cron) {
            return new Settings(cron, DEFAULT_POLLING_INTERVAL, 2, Optional.empty());
        }

        /** {@link #of(String)}, polling as {@code env} sets {@link #POLLING_TEST_OVERRIDE}, if it does. */
        public static Settings of(String cron, Map<String, String> env) {
            Duration polling = Optional.ofNullable(env.get(POLLING_TEST_OVERRIDE)).map(value -> {
                try {
                    return Duration.parse(value);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(POLLING_TEST_OVERRIDE + ": \"" + value + "\" is not an ISO-8601 duration such as PT0.5S");
                }
            }).orElse(DEFAULT_POLLING_INTERVAL);
            return new Settings(cron, polling, 2, Optional.empty());
        }

        public Settings withLiveness(SyncLiveness value) {
            return new Settings(cron, pollingInterval, threads, instanceName, value);
        }
    }

    private final SyncRuns runs;
    private final SyncExecutor executor;
    private final Clock clock;
    private final SyncLiveness liveness;
    private final Scheduler scheduler;
    private final OneTimeTask<String> queuedTask;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("scephub-sync-sweep"));

    public SyncScheduler(DataSource dataSource, SyncRuns runs, SyncExecutor executor, Settings settings, Clock clock) {
        this.runs = runs;
        this.executor = executor;
        this.clock = clock;
        this.liveness = settings.liveness();
        RecurringTask<Void> recurring;
        try {
            recurring = Tasks.recurring(RECURRING_TASK, Schedules.cron(settings.cron(), ZoneOffset.UTC))
                    .execute((instance, context) -> executor.runScheduled(context.getExecution().executionTime));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schedule.sync: \"" + settings.cron() + "\" is not a 6-field cron"
                    + " (second minute hour day-of-month month day-of-week, e.g. \"0 */15 * * * *\"): " + e.getMessage(), e);
        }
        this.queuedTask = Tasks.oneTime(QUEUED_TASK, String.class)
                .execute((instance, context) -> executor.runQueued(instance.getData()));
        List<Task<?>> known = List.of(queuedTask);
        SchedulerBuilder builder = new ClockedBuilder(dataSource, known, clock)
                .pollingInterval(settings.pollingInterval())
                // A run this instance queues (REST trigger, console button) is due at once: looked for now rather than at the
                // next poll. It is still picked through the scheduled_tasks row, so with several instances exactly one runs it.
                .enableImmediateExecution()
                .threads(settings.threads())
                // A killed instance's executions stay picked until db-scheduler sees them dead; the recurring sync is then
                // revived (its default DeadExecutionHandler) on a live instance. Same period as the sweep of sync_runs.
                .heartbeatInterval(liveness.heartbeatEvery())
                .missedHeartbeatsLimit(SyncLiveness.BEATS_PER_PERIOD);
        settings.instanceName().ifPresent(name -> builder.schedulerName(new SchedulerName.Fixed(name)));
        builder.startTasks(recurring);
        this.scheduler = builder.build();
    }

    /** Starts polling; the recurring task is (re)registered in {@code scheduled_tasks} if absent. */
    public SyncScheduler start() {
        scheduler.start();
        sweeper.scheduleWithFixedDelay(this::sweepAbandoned, 0, liveness.sweepEvery().toMillis(), TimeUnit.MILLISECONDS);
        log.info("scheduler_started tasks={},{}", RECURRING_TASK, QUEUED_TASK);
        return this;
    }

    /** Marks runs left queued or running by a killed instance as failed (see {@link SyncRuns#sweepAbandoned}). */
    public List<SyncRuns.Swept> sweepAbandoned() {
        try {
            List<SyncRuns.Swept> swept = runs.sweepAbandoned(liveness.abandonedAfter(), QUEUED_TASK);
            swept.forEach(s -> log.warn("sync_abandoned run={} was={} reason=no_worker", s.id(), s.was().value()));
            return swept;
        } catch (RuntimeException e) {
            log.warn("sync_sweep_failed error={}", e.getMessage());
            return List.of();
        }
    }

    @Override
    public SyncRuns.Page list(int limit, Optional<String> cursor, Optional<SyncStatus> status) {
        return runs.page(limit, cursor, status);
    }

    @Override
    public List<String> unknownEnrollments(List<String> enrollments) {
        return executor.unknownEnrollments(enrollments);
    }

    /** Makes the scheduler look for due executions now instead of at the next poll. */
    public void checkNow() {
        scheduler.triggerCheckForDueExecutions();
    }

    @Override
    public Queued queue(SyncRequest request) {
        return queue(runs, scheduler, queuedTask, request, clock);
    }

    @Override
    public Optional<SyncRun> find(String id) {
        return runs.find(id);
    }

    /**
     * The queue of one tenant's runs: queued, found and listed as that tenant's only (another tenant's
     * run id is not found). Executed by whichever executor this scheduler has (see {@link TenantSyncs}).
     */
    public SyncQueue forTenant(String tenant, java.util.function.UnaryOperator<List<String>> unknown) {
        return new RecordingQueue(runs.forTenant(tenant), scheduler, queuedTask, clock, unknown);
    }

    /**
     * A queue for a process that does not run the scheduler itself: it records the run and its
     * one-time task, and whichever instance's scheduler polls next executes it.
     */
    public static SyncQueue clientOnly(DataSource dataSource, SyncRuns runs, Clock clock) {
        return clientOnly(dataSource, runs, clock, names -> List.of());
    }

    /** As {@link #clientOnly(DataSource, SyncRuns, Clock)}, refusing enrollment names {@code unknown} reports. */
    public static SyncQueue clientOnly(DataSource dataSource, SyncRuns runs, Clock clock,
                                       java.util.function.UnaryOperator<List<String>> unknown) {
        OneTimeTask<String> task = Tasks.oneTime(QUEUED_TASK, String.class).execute((instance, context) -> {
            throw new IllegalStateException("a client-only queue never executes runs");
        });
        SchedulerClient client = SchedulerClient.Builder.create(dataSource, task).build();
        return new RecordingQueue(runs, client, task, clock, unknown);
    }

    /** A queue over {@code runs} whose runs {@code client} schedules as {@code task}: one tenant's, or a client-only process's. */
    private record RecordingQueue(SyncRuns runs, SchedulerClient client, OneTimeTask<String> task, Clock clock,
                                  java.util.function.UnaryOperator<List<String>> unknown) implements SyncQueue {
        @Override
        public Queued queue(SyncRequest request) {
            return SyncScheduler.queue(runs, client, task, request, clock);
        }

        @Override
        public Optional<SyncRun> find(String id) {
            return runs.find(id);
        }

        @Override
        public SyncRuns.Page list(int limit, Optional<String> cursor, Optional<SyncStatus> status) {
            return runs.page(limit, cursor, status);
        }

        @Override
        public List<String> unknownEnrollments(List<String> enrollments) {
            return unknown.apply(enrollments);
        }
    }

    private static Queued queue(SyncRuns runs, SchedulerClient client, OneTimeTask<String> task, SyncRequest request, Clock clock) {
        Queued queued = runs.queue(request);
        if (queued.created()) {
            // Only the request that created the row schedules it, so a repeated key never queues twice.
            client.scheduleIfNotExists(task.instance(queued.run().id(), queued.run().id()), clock.instant());
            log.info("sync_queued run={} trigger={} dry_run={} targets={}", queued.run().id(), request.trigger().value(),
                    request.dryRun(), request.enrollments());
        }
        return queued;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        scheduler.stop();
    }

    /** db-scheduler reads time through its own Clock, settable only from a builder subclass. */
    private static final class ClockedBuilder extends SchedulerBuilder {
        ClockedBuilder(DataSource dataSource, List<Task<?>> known, Clock clock) {
            super(dataSource, known);
            this.clock = clock::instant;
        }
    }
}
