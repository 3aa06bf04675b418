package io.scephub.core.apply;

import io.scephub.core.apply.ChangeOutcome.Status;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.plan.DependencyOrder;
import io.scephub.core.plan.OutputRefs;
import io.scephub.core.plan.Plan;
import io.scephub.core.plan.PlanChange;
import io.scephub.core.plan.Planner;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.spi.CertificateFleet;
import io.scephub.core.spi.Connector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import io.scephub.core.error.UnknownOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link Plan}: changes run as soon as what they wait for has succeeded, independent
 * ones in parallel on the executor, at most {@link Connector#maxParallelism()} at once per
 * connector.
 *
 * <p>What a change waits for: creates, updates and replaces wait for the changes of the resources
 * they depend on (and take output references from their results); a delete waits for the changes
 * of every object that referenced it (dependants are deleted or repointed first); a replace also
 * waits for the deletes of objects that referenced its old object. Creates (and the create half of
 * a replace) first look for an object carrying the marker and adopt it, so re-running after a
 * crash never duplicates; a create or update whose outcome is unknown (lost answer, 5xx) is checked
 * and repeated within the run, up to {@value #WRITE_ATTEMPTS} attempts. A failure marks everything that waits on it, transitively, as skipped;
 * independent changes go on.
 */
public final class Applier {
    private static final Logger log = LoggerFactory.getLogger(Applier.class);
    /** Attempts of one create or update whose earlier attempts ended with an unknown outcome. */
    static final int WRITE_ATTEMPTS = 3;

    private final ExecutorService executor;
    private final ApplyListener listener;
    private final Planner planner = new Planner();

    /** The executor is the caller's: the applier never shuts it down. */
    public Applier(ExecutorService executor, ApplyListener listener) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Runs the plan's effective changes against the connectors (by connector id) and reports every
     * one of them. Blocks until all are done, or until the calling thread is interrupted.
     *
     * @throws io.scephub.core.plan.PlanningError if the changes wait on each other in a cycle (nothing runs)
     */
    public ApplyResult apply(Plan plan, Map<String, Connector> connectors) {
        listener.applyStarted(plan);
        ApplyResult result = new Run(plan, Map.copyOf(connectors)).execute();
        listener.applyFinished(plan, result);
        return result;
    }

    private record Completion(int index, ChangeOutcome outcome) {
    }

    /** The state of one apply; only the calling thread touches it, except the concurrent maps and the queue. */
    private final class Run {
        private final List<PlanChange> changes;
        private final Map<String, Connector> connectors;
        private final List<Set<Integer>> dependants = new ArrayList<>();
        private final int[] waiting;
        private final ChangeOutcome[] outcomes;
        private final TreeSet<Integer> ready = new TreeSet<>();
        private final Map<Integer, Future<?>> running = new HashMap<>();
        private final Map<String, Semaphore> permits = new HashMap<>();
        private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
        private final Map<ResourceKey, ActualResource> produced = new ConcurrentHashMap<>();
        private final Map<ResourceKey, ActualResource> planned = new HashMap<>();
        private int finished;

        Run(Plan plan, Map<String, Connector> connectors) {
            this.changes = plan.effectiveChanges();
            this.connectors = connectors;
            this.waiting = new int[changes.size()];
            this.outcomes = new ChangeOutcome[changes.size()];
            for (PlanChange change : plan.changes()) {
                if (change instanceof PlanChange.NoOp n) {
                    planned.put(n.key(), n.actual());
                } else if (change instanceof PlanChange.Update u) {
                    planned.put(u.key(), u.actual());
                }
            }
            List<Set<Integer>> prerequisites = prerequisites();
            DependencyOrder.order(IntStream.range(0, changes.size()).boxed().toList(), prerequisites::get,
                    i -> changes.get(i).action().verb() + " " + changes.get(i).key());
            for (int i = 0; i < changes.size(); i++) {
                dependants.add(new TreeSet<>());
            }
            for (int i = 0; i < changes.size(); i++) {
                waiting[i] = prerequisites.get(i).size();
                for (int pre : prerequisites.get(i)) {
                    dependants.get(pre).add(i);
                }
                if (waiting[i] == 0) {
                    ready.add(i);
                }
            }
        }

        private List<Set<Integer>> prerequisites() {
            Map<ResourceKey, Integer> writes = new HashMap<>();
            for (int i = 0; i < changes.size(); i++) {
                if (!(changes.get(i) instanceof PlanChange.Delete) && !(changes.get(i) instanceof PlanChange.Redistribute)) {
                    writes.put(changes.get(i).key(), i);
                }
            }
            List<Set<Integer>> prerequisites = new ArrayList<>();
            for (int i = 0; i < changes.size(); i++) {
                PlanChange change = changes.get(i);
                Set<Integer> pre = new TreeSet<>();
                desired(change).ifPresent(d -> d.dependsOn().stream().map(writes::get).filter(Objects::nonNull).forEach(pre::add));
                if (change instanceof PlanChange.Redistribute) {
                    // Push the profile as this plan leaves it: after its own update, if any.
                    Optional.ofNullable(writes.get(change.key())).ifPresent(pre::add);
                }
                for (int j = 0; j < changes.size(); j++) {
                    PlanChange other = changes.get(j);
                    boolean referencedThis = j != i && before(other).map(a -> a.dependsOn().contains(change.key())).orElse(false);
                    if (referencedThis && (change instanceof PlanChange.Delete
                            || (change instanceof PlanChange.Replace && other instanceof PlanChange.Delete))) {
                        pre.add(j);
                    }
                }
                prerequisites.add(pre);
            }
            return prerequisites;
        }

        ApplyResult execute() {
            boolean interrupted = Thread.currentThread().isInterrupted();
            while (!interrupted && finished < changes.size()) {
                startReady();
                if (finished == changes.size()) {
                    break;
                }
                if (running.isEmpty()) {
                    throw new IllegalStateException("apply stalled with nothing running; this is a bug in the applier");
                }
                try {
                    Completion done = completions.take();
                    running.remove(done.index());
                    finish(done.index(), done.outcome());
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                abandon();
                Thread.currentThread().interrupt();
            }
            return new ApplyResult(Arrays.asList(outcomes));
        }

        /** Stops at once: running calls are interrupted and reported failed, the rest not attempted. */
        private void abandon() {
            List<Completion> alreadyDone = new ArrayList<>();
            completions.drainTo(alreadyDone);
            for (Completion done : alreadyDone) {
                running.remove(done.index());
                finish(done.index(), done.outcome());
            }
            running.forEach((index, future) -> {
                future.cancel(true);
                outcomes[index] = outcome(changes.get(index), Status.FAILED,
                        "interrupted while running; its effect at the vendor is unknown, re-run to converge", null);
                notifyFinished(outcomes[index]);
            });
            for (int i = 0; i < changes.size(); i++) {
                if (outcomes[i] == null) {
                    outcomes[i] = outcome(changes.get(i), Status.NOT_ATTEMPTED, "the apply was interrupted before it started", null);
                    notifyFinished(outcomes[i]);
                }
            }
        }

        private void startReady() {
            for (Iterator<Integer> it = ready.iterator(); it.hasNext(); ) {
                int index = it.next();
                PlanChange change = changes.get(index);
                Connector connector = connectors.get(change.connector());
                if (connector == null) {
                    it.remove();
                    finish(index, outcome(change, Status.FAILED, "no connector '" + change.connector()
                            + "' is configured; it is needed for " + change.key(), null));
                    continue;
                }
                Semaphore permit = permits.computeIfAbsent(connector.id(), id -> new Semaphore(Math.max(1, connector.maxParallelism())));
                if (!permit.tryAcquire()) {
                    continue;
                }
                it.remove();
                try {
                    running.put(index, executor.submit(() -> run(index, change, connector, permit)));
                } catch (RejectedExecutionException e) {
                    permit.release();
                    finish(index, outcome(change, Status.FAILED, "the executor refused the change (is it shut down?)", null));
                }
            }
        }

        /** Runs on an executor thread; always posts exactly one completion. */
        private void run(int index, PlanChange change, Connector connector, Semaphore permit) {
            ChangeOutcome outcome = null;
            try {
                notifyStarted(change);
                outcome = perform(change, connector);
            } catch (Exception e) {
                outcome = outcome(change, Status.FAILED, describe(e), null);
            } finally {
                if (outcome == null) {
                    outcome = outcome(change, Status.FAILED, "unexpected error in the applier", null);
                }
                permit.release();
                completions.add(new Completion(index, outcome));
            }
        }

        private ChangeOutcome perform(PlanChange change, Connector connector) {
            if (change instanceof PlanChange.Create c) {
                return createOrAdopt(c, resolve(c.desired()), connector);
            }
            if (change instanceof PlanChange.Update u) {
                Resource desired = resolve(u.desired());
                List<AttributeChange> diff = withWriteOnce(planner.diff(desired, u.actual()), u, desired);
                if (diff.isEmpty()) {
                    produced.put(u.key(), u.actual());
                    return outcome(u, Status.APPLIED, "already up to date once its references were resolved", u.actual());
                }
                ActualResource updated = updateWithRetry(u.key(), desired, u.actual(), diff, connector);
                produced.put(u.key(), updated);
                return outcome(u, Status.APPLIED, null, updated);
            }
            if (change instanceof PlanChange.Replace r) {
                // Resolve first: a reference that cannot be resolved must not cost the old object.
                Resource desired = resolve(r.desired());
                connector.delete(r.actual());
                return createOrAdopt(r, desired, connector);
            }
            if (change instanceof PlanChange.Redistribute r) {
                if (!(connector instanceof CertificateFleet fleet)) {
                    return outcome(r, Status.FAILED, "connector '" + connector.id() + "' cannot redistribute profiles", null);
                }
                fleet.redistribute(r.profile(), r.redistribution());
                return outcome(r, Status.APPLIED, r.redistribution().describe(), null);
            }
            PlanChange.Delete d = (PlanChange.Delete) change;
            connector.delete(d.actual());
            // A duplicate shares its key with the object that stays: the message says which one went (the audit records it).
            return outcome(d, Status.APPLIED, d.duplicateOf().map(kept -> "deleted duplicate id " + d.actual().vendorId()
                    + "; id " + kept + " stays").orElse(null), null);
        }

        /**
         * Adopts the object carrying the marker, or creates it. A create whose outcome is unknown
         * (the answer was lost, or a 5xx) is followed by another look for the marker — the connector
         * re-lists after such a create — and only then by another create, at most
         * {@value #WRITE_ATTEMPTS} in all: the vendor ends with exactly one object.
         */
        private ChangeOutcome createOrAdopt(PlanChange change, Resource desired, Connector connector) {
            for (int attempt = 1; ; attempt++) {
                Optional<ActualResource> existing = connector.findOwned(desired.key());
                if (existing.isPresent()) {
                    return adopt(change, desired, existing.get(), connector);
                }
                try {
                    ActualResource created = connector.create(desired);
                    produced.put(desired.key(), created);
                    return outcome(change, Status.APPLIED, attempt == 1 ? null
                            : "created on attempt " + attempt + " after earlier attempts ended with an unknown outcome", created);
                } catch (RuntimeException failure) {
                    if (attempt >= WRITE_ATTEMPTS || !UnknownOutcome.of(failure)) {
                        throw failure;
                    }
                    log.info("key={} attempt={} outcome=unknown action=\"looking for the marker before creating again\" reason=\"{}\"",
                            desired.key(), attempt, describe(failure));
                }
            }
        }

        private ChangeOutcome adopt(PlanChange change, Resource desired, ActualResource found, Connector connector) {
            List<AttributeChange> diff = planner.diff(desired, found);
            if (diff.isEmpty()) {
                produced.put(desired.key(), found);
                return outcome(change, Status.ADOPTED, "adopted the existing object " + found.vendorId()
                        + " that already carries its marker", found);
            }
            ActualResource updated = updateWithRetry(desired.key(), desired, found, diff, connector);
            produced.put(desired.key(), updated);
            return outcome(change, Status.ADOPTED, "adopted the existing object " + found.vendorId()
                    + " that already carries its marker and updated "
                    + diff.stream().map(AttributeChange::path).collect(Collectors.joining(", ")), updated);
        }

        /**
         * The diff plus the planned write-once changes a fresh diff cannot see: a source asked to
         * issue a new value (its own output as {@code after}), and a dependant receiving that value
         * (a secret compares as unchanged against a vendor that reports none).
         */
        private List<AttributeChange> withWriteOnce(List<AttributeChange> diff, PlanChange.Update update, Resource desired) {
            List<AttributeChange> out = new ArrayList<>(diff);
            for (AttributeChange planned : update.changes()) {
                if (!(planned.after().orElse(null) instanceof OutputRef ref && ref.writeOnce())
                        || out.stream().anyMatch(c -> c.path().equals(planned.path()))) {
                    continue;
                }
                if (ref.source().equals(update.key())) {
                    out.add(planned);
                } else if (desired.attributes().get(planned.path()) != null) {
                    out.add(new AttributeChange(planned.path(), planned.before(), Optional.of(desired.attributes().get(planned.path()))));
                }
            }
            return out;
        }

        /** An update sets attributes to values, so repeating one whose outcome is unknown is safe. */
        private ActualResource updateWithRetry(ResourceKey key, Resource desired, ActualResource actual,
                                               List<AttributeChange> diff, Connector connector) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return connector.update(desired, actual, diff);
                } catch (RuntimeException failure) {
                    if (attempt >= WRITE_ATTEMPTS || !UnknownOutcome.of(failure)) {
                        throw failure;
                    }
                    log.info("key={} attempt={} outcome=unknown action=\"updating again\" reason=\"{}\"",
                            key, attempt, describe(failure));
                }
            }
        }

        /** The desired resource with every output reference replaced by the source's current output. */
        private Resource resolve(Resource desired) {
            Map<String, Object> substituted = OutputRefs.substitute(desired.attributes(), ref -> source(ref)
                    .map(a -> a.outputs().get(ref.output())));
            // A write-once output its existing source no longer reports is left out: the dependant keeps its value.
            Map<String, Object> attributes = new java.util.LinkedHashMap<>();
            substituted.forEach((name, value) -> {
                if (!(value instanceof OutputRef ref && ref.writeOnce() && source(ref).isPresent())) {
                    attributes.put(name, value);
                }
            });
            List<OutputRef> unresolved = OutputRefs.in(attributes);
            if (!unresolved.isEmpty()) {
                OutputRef ref = unresolved.get(0);
                String why = source(ref).isPresent()
                        ? ref.source() + " has no output '" + ref.output() + "'"
                        : ref.source() + " was neither read nor created in this run";
                throw new IllegalStateException("cannot resolve " + ref + " for " + desired.key() + ": " + why);
            }
            return desired.withAttributes(attributes);
        }

        private Optional<ActualResource> source(OutputRef ref) {
            return Optional.ofNullable(produced.get(ref.source())).or(() -> Optional.ofNullable(planned.get(ref.source())));
        }

        private void finish(int index, ChangeOutcome outcome) {
            outcomes[index] = outcome;
            finished++;
            log(outcome);
            notifyFinished(outcome);
            if (outcome.succeeded()) {
                for (int dependant : dependants.get(index)) {
                    if (outcomes[dependant] == null && --waiting[dependant] == 0) {
                        ready.add(dependant);
                    }
                }
            } else {
                skipDependants(index, changes.get(index).key());
            }
        }

        private void skipDependants(int index, ResourceKey failed) {
            for (int dependant : dependants.get(index)) {
                if (outcomes[dependant] == null) {
                    outcomes[dependant] = outcome(changes.get(dependant), Status.SKIPPED,
                            "skipped because " + failed + " failed and this change depends on it", null);
                    finished++;
                    log(outcomes[dependant]);
                    notifyFinished(outcomes[dependant]);
                    skipDependants(dependant, failed);
                }
            }
        }

        private void notifyStarted(PlanChange change) {
            try {
                listener.started(change);
            } catch (RuntimeException e) {
                log.warn("apply listener failed callback=started key={} error={}", change.key(), describe(e));
            }
        }

        private void notifyFinished(ChangeOutcome outcome) {
            try {
                listener.finished(outcome);
            } catch (RuntimeException e) {
                log.warn("apply listener failed callback=finished key={} error={}", outcome.key(), describe(e));
            }
        }
    }

    private static Optional<Resource> desired(PlanChange change) {
        if (change instanceof PlanChange.Create c) {
            return Optional.of(c.desired());
        }
        if (change instanceof PlanChange.Update u) {
            return Optional.of(u.desired());
        }
        if (change instanceof PlanChange.Replace r) {
            return Optional.of(r.desired());
        }
        return Optional.empty();
    }

    /** The object as it was before the change, for changes that have one. */
    private static Optional<ActualResource> before(PlanChange change) {
        if (change instanceof PlanChange.Update u) {
            return Optional.of(u.actual());
        }
        if (change instanceof PlanChange.Replace r) {
            return Optional.of(r.actual());
        }
        if (change instanceof PlanChange.Delete d) {
            return Optional.of(d.actual());
        }
        return Optional.empty();
    }

    private static ChangeOutcome outcome(PlanChange change, Status status, String message, ActualResource result) {
        return new ChangeOutcome(change.key(), change.action(), status, Optional.ofNullable(message), Optional.ofNullable(result));
    }

    /** The exception's message only: connector messages are written to be shown, stack traces may carry values. */
    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
    }

    private static void log(ChangeOutcome outcome) {
        if (outcome.succeeded()) {
            log.info("apply change key={} action={} status={}", outcome.key(), outcome.action().verb(), outcome.status());
        } else {
            log.warn("apply change key={} action={} status={} reason={}", outcome.key(), outcome.action().verb(),
                    outcome.status(), outcome.message().orElse(""));
        }
    }
}
