package io.scephub.core.engine;

import io.scephub.core.apply.Applier;
import io.scephub.core.apply.ApplyListener;
import io.scephub.core.apply.ApplyResult;
import io.scephub.core.error.ScephubException;
import io.scephub.core.model.DesiredState;
import io.scephub.core.plan.Plan;
import io.scephub.core.plan.Planner;
import io.scephub.core.plan.PlanningError;
import io.scephub.core.plan.PlanChange;
import io.scephub.core.renewal.RenewalForecast;
import io.scephub.core.renewal.RenewalPlanner;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.DesiredStateProblem;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.spi.CertificateFleet;
import java.util.HashMap;
import java.util.Optional;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.ReadRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine, the one path from desired state to vendors over a set of open connectors: expand the
 * desired state into resources, read every connector in parallel and plan ({@link #plan}), then
 * apply a plan ({@link #apply(Plan, ApplyListener)}), reporting to a listener (the CLI's output,
 * the audit log). Connectors are visited in id order so plans are reproducible.
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final Map<String, Connector> connectors;
    private final Planner planner;
    private final ExecutorService readers;
    private final Optional<RenewalPlanner> renewal;

    /**
     * @param connectors the open connectors by id
     * @param workers runs the connectors' reads and the apply's changes in parallel; the caller owns and shuts it down
     */
    public Reconciler(Map<String, Connector> connectors, Planner planner, ExecutorService workers) {
        this(connectors, planner, workers, null);
    }

    /**
     * Like the plain constructor, and plans are completed with the redistributions the renewal
     * planner finds due (for enrollments with Okta as the CA and a renewal policy).
     *
     * @param renewal the renewal planner, or null for none
     */
    public Reconciler(Map<String, Connector> connectors, Planner planner, ExecutorService workers, RenewalPlanner renewal) {
        this.connectors = new TreeMap<>(connectors);
        this.planner = Objects.requireNonNull(planner, "planner");
        this.readers = Objects.requireNonNull(workers, "workers");
        this.renewal = Optional.ofNullable(renewal);
    }

    /**
     * Reads every connector and plans the changes towards {@code state}.
     *
     * @throws PlanningError if the resources cannot be planned
     * @throws DesiredStateRejected if a vendor does not accept desired values (e.g. unknown groups)
     * @throws ScephubException (e.g. a {@link io.scephub.core.error.VendorError}) if a read failed
     */
    public Plan plan(DesiredState state) {
        List<Resource> desired = new ArrayList<>();
        Map<String, ReadRequest> requests = new LinkedHashMap<>();
        connectors.forEach((id, connector) -> {
            ReadRequest request = ReadRequest.of(connector, state);
            requests.put(id, request);
            for (Resource r : request.desired()) {
                if (!r.connector().equals(id)) {
                    throw new PlanningError("connector '" + id + "' declared " + r.key() + " as belonging to connector '"
                            + r.connector() + "'; a connector may only declare its own resources");
                }
                desired.add(r);
            }
        });
        List<ActualResource> actual = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        List<DesiredStateProblem> problems = new ArrayList<>();
        List<PlanChange> duplicates = new ArrayList<>();
        readAll(requests).forEach((id, read) -> {
            problems.addAll(read.problems());
            read.duplicates().forEach(d -> duplicates.add(new PlanChange.Delete(d.asActual(id), Optional.of(d.managedId()))));
            for (ActualResource a : read.resources()) {
                if (!a.connector().equals(id)) {
                    throw new PlanningError("connector '" + id + "' read " + a.key() + " labelled with connector '"
                            + a.connector() + "'; a connector may only report its own objects");
                }
                actual.add(a);
            }
            notices.addAll(read.notices());
        });
        if (!problems.isEmpty()) {
            throw new DesiredStateRejected(problems);
        }
        Plan plan = withDuplicatesDeleted(planner.plan(desired, actual, notices), duplicates);
        if (renewal.isPresent()) {
            plan = withRedistributions(plan, state, renewal.get());
        }
        plan = io.scephub.core.renewal.ReenrolmentImpact.annotate(plan, state, connectors);
        log.info("plan made desired={} actual={} changes={} fingerprint={}", desired.size(), actual.size(),
                plan.effectiveChanges().size(), plan.fingerprint());
        return plan;
    }

    /**
     * The renewal forecast for {@code state}: each renewal enrollment's profile is looked up by its
     * marker (no full read) and its fleet read.
     *
     * @throws IllegalStateException if this reconciler has no renewal planner
     */
    public RenewalForecast forecast(DesiredState state) {
        RenewalPlanner planner = renewal.orElseThrow(() -> new IllegalStateException("this reconciler has no renewal planner"));
        return planner.forecast(state, connectors, key -> {
            Connector owner = connectors.values().stream()
                    .filter(c -> c instanceof CertificateFleet)
                    .filter(c -> state.enrollments().stream().anyMatch(e -> e.mdm().equals(c.id())
                            && ((CertificateFleet) c).certificateProfile(e).map(key::equals).orElse(false)))
                    .findFirst().orElse(null);
            return owner == null ? Optional.empty() : owner.findOwned(key);
        });
    }

    /**
     * Adds the deletes of the extra objects that carry a marker the managed object carries too,
     * last: they reference nothing scephub manages and nothing references them.
     */
    private static Plan withDuplicatesDeleted(Plan plan, List<PlanChange> deletes) {
        if (deletes.isEmpty()) {
            return plan;
        }
        List<PlanChange> changes = new ArrayList<>(plan.changes());
        changes.addAll(deletes);
        return new Plan(changes, plan.notices(), io.scephub.core.plan.PlanFingerprint.of(changes));
    }

    /**
     * Adds the due redistributions. A profile that this plan creates, replaces or deletes is left
     * out: its devices get fresh certificates from the new object anyway, or none at all.
     */
    private Plan withRedistributions(Plan plan, DesiredState state, RenewalPlanner planner) {
        Map<ResourceKey, ActualResource> stays = new HashMap<>();
        for (PlanChange change : plan.changes()) {
            if (change instanceof PlanChange.NoOp n) {
                stays.put(n.key(), n.actual());
            } else if (change instanceof PlanChange.Update u) {
                stays.put(u.key(), u.actual());
            }
        }
        RenewalForecast forecast = planner.forecast(state, connectors, key -> Optional.ofNullable(stays.get(key)));
        if (forecast.due().isEmpty() && forecast.notices().isEmpty()) {
            return plan;
        }
        List<PlanChange> changes = new ArrayList<>(plan.changes());
        forecast.due().forEach(r -> changes.add(new PlanChange.Redistribute(stays.get(r.profile()), r)));
        List<String> notices = new ArrayList<>(plan.notices());
        notices.addAll(forecast.notices());
        return new Plan(changes, notices, io.scephub.core.plan.PlanFingerprint.of(changes));
    }

    /**
     * Applies a plan with the same connectors, reporting the run and each change to {@code listener}.
     *
     * @throws io.scephub.core.plan.PlanningError if the changes wait on each other in a cycle (nothing runs)
     */
    public ApplyResult apply(Plan plan, ApplyListener listener) {
        ApplyResult result = new Applier(readers, listener).apply(plan, connectors);
        if (renewal.isPresent()) {
            Map<ResourceKey, Boolean> succeeded = new HashMap<>();
            result.outcomes().stream().filter(o -> o.action() == PlanChange.Action.REDISTRIBUTE)
                    .forEach(o -> succeeded.put(o.key(), o.succeeded()));
            plan.changes().stream().filter(c -> c instanceof PlanChange.Redistribute).map(c -> (PlanChange.Redistribute) c)
                    .filter(r -> succeeded.getOrDefault(r.key(), false))
                    .forEach(r -> {
                        try {
                            renewal.get().recordPushed(r.redistribution());
                        } catch (RuntimeException e) {
                            // The devices were pushed; a lost record only means the rings may push them once more.
                            log.warn("renewal pushes not recorded enrollment={} devices={}: {}", r.redistribution().enrollment(),
                                    r.redistribution().deviceIds().size(), e.getMessage());
                        }
                    });
        }
        return result;
    }

    /** Applies a plan with the same connectors, reporting to nobody. */
    public ApplyResult apply(Plan plan) {
        return apply(plan, ApplyListener.none());
    }

    /** Plans and applies at once. */
    public Reconciliation reconcile(DesiredState state) {
        Plan plan = plan(state);
        return new Reconciliation(plan, apply(plan));
    }

    private Map<String, ReadResult> readAll(Map<String, ReadRequest> requests) {
        Map<String, Future<ReadResult>> reads = new LinkedHashMap<>();
        connectors.forEach((id, connector) -> reads.put(id, readers.submit(() -> connector.read(requests.get(id)))));
        Map<String, ReadResult> results = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Future<ReadResult>> read : reads.entrySet()) {
                results.put(read.getKey(), await(read.getKey(), read.getValue()));
            }
            return results;
        } finally {
            if (results.size() < reads.size()) {
                reads.values().forEach(f -> f.cancel(true));
            }
        }
    }

    private static ReadResult await(String id, Future<ReadResult> read) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReadError("interrupted while reading connector '" + id + "'", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ScephubException known) {
                throw known;
            }
            String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
            throw new ReadError("reading connector '" + id + "' failed: " + message, cause);
        }
    }
}
