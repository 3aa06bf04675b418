package io.scephub.core.renewal;

import io.scephub.core.model.RenewalPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which devices of an enrollment's due waves one sync asks to enrol again, by the renewal policy's rings.
 *
 * <ul>
 *   <li>A device is due while the certificate it holds expires by the due waves' last expiry. The wave's
 *       population is the due devices plus those that re-enrolled within the lead time (their fresh
 *       certificate is the record that they did), so a percentage canary stays the same devices.</li>
 *   <li>Canary first: while a canary device is due, only canary devices are pushed. Once every canary device
 *       holds a fresh certificate, the rest waits {@code pause} after the last of them, then goes.</li>
 *   <li>Budget: pushes recorded in the {@link ReenrolmentLog} within the last window count; at most
 *       {@code maxDevices} per window, most urgent first.</li>
 *   <li>Re-push: a pushed device that still holds its old certificate is pushed again one re-push interval
 *       (the budget's window, else an hour) after its last push, at most {@code maxRepush} times; then it
 *       is stuck and reported, not pushed again. A stuck canary device holds the rest of the wave back.</li>
 * </ul>
 */
final class Rings {
    /** Without a budget window, a device not yet re-enrolled is pushed again an hour after its last push. */
    static final Duration DEFAULT_REPUSH_INTERVAL = Duration.ofHours(1);

    /** The devices to push now, those that are stuck, and why anything due waits. */
    record Selection(List<String> push, List<Stuck> stuck, List<String> notices) {
    }

    /** A due device that did not re-enrol after the allowed pushes. */
    record Stuck(String deviceId, String deviceName, int pushes, Instant lastPush) {
    }

    private record Device(String id, String name, Instant issued, Instant expires) {
    }

    private Rings() {
    }

    static Selection select(EnrollmentFleet fleet, Instant dueUntil, Instant now, ReenrolmentLog log) {
        RenewalPolicy policy = fleet.enrollment().renewal().orElseThrow();
        String enrollment = fleet.enrollment().name();
        Duration lead = policy.leadTime();
        Period validity = fleet.enrollment().certificate().validity();
        List<Device> due = new ArrayList<>();
        List<Device> population = new ArrayList<>();
        for (DeviceCertificate d : fleet.snapshot().devices()) {
            Optional<Instant> expires = d.expiresAt().or(() -> d.issuedAt().or(d::lastDelivery)
                    .map(t -> t.atOffset(ZoneOffset.UTC).plus(validity).toInstant()));
            if (expires.isEmpty()) {
                continue;
            }
            Instant issued = d.issuedAt().orElseGet(() -> expires.get().atOffset(ZoneOffset.UTC).minus(validity).toInstant());
            Device device = new Device(d.deviceId(), d.deviceName(), issued, expires.get());
            if (!expires.get().isAfter(dueUntil)) {
                due.add(device);
                population.add(device);
            } else if (!issued.isBefore(now.minus(lead))) {
                population.add(device);
            }
        }
        due.sort(Comparator.comparing(Device::expires).thenComparing(Device::name).thenComparing(Device::id));
        population.sort(Comparator.comparing(Device::name).thenComparing(Device::id));

        Instant earliestDue = due.stream().map(d -> d.expires().minus(lead)).min(Comparator.naturalOrder()).orElse(now);
        Duration repushInterval = policy.budget().map(RenewalPolicy.Budget::window).orElse(DEFAULT_REPUSH_INTERVAL);
        Instant logFrom = earliestDue.isBefore(now.minus(repushInterval)) ? earliestDue : now.minus(repushInterval);
        Instant budgetFrom = policy.budget().map(b -> now.minus(b.window())).orElse(now);
        if (budgetFrom.isBefore(logFrom)) {
            logFrom = budgetFrom;
        }
        List<ReenrolmentLog.Push> pushes = log.since(enrollment, logFrom);

        Map<String, List<Instant>> pushesOf = new HashMap<>();
        pushes.forEach(p -> pushesOf.computeIfAbsent(p.deviceId(), k -> new ArrayList<>()).add(p.at()));
        List<Stuck> stuck = new ArrayList<>();
        List<Device> ready = new ArrayList<>();
        for (Device d : due) {
            Instant cycle = d.expires().minus(lead).isAfter(d.issued()) ? d.expires().minus(lead) : d.issued();
            List<Instant> mine = pushesOf.getOrDefault(d.id(), List.of()).stream().filter(t -> !t.isBefore(cycle)).sorted().toList();
            if (mine.size() > policy.maxRepush()) {
                stuck.add(new Stuck(d.id(), d.name(), mine.size(), mine.get(mine.size() - 1)));
            } else if (mine.isEmpty() || !mine.get(mine.size() - 1).plus(repushInterval).isAfter(now)) {
                ready.add(d);
            }
        }
        Set<String> stuckIds = new java.util.HashSet<>();
        stuck.forEach(s -> stuckIds.add(s.deviceId()));

        List<String> notices = new ArrayList<>();
        List<Device> candidates = ready;
        Optional<RenewalPolicy.Canary> canary = policy.canary();
        if (canary.isPresent()) {
            Set<String> canaryIds = canaryIds(canary.get(), population);
            List<Device> canaryDue = due.stream().filter(d -> canaryIds.contains(d.id())).toList();
            if (!canaryDue.isEmpty()) {
                candidates = ready.stream().filter(d -> canaryIds.contains(d.id())).toList();
                List<String> stuckCanary = canaryDue.stream().filter(d -> stuckIds.contains(d.id())).map(Device::name).toList();
                notices.add("renewal: enrollment " + enrollment + ": canary " + (canaryIds.size() - canaryDue.size()) + " of "
                        + canaryIds.size() + " device" + (canaryIds.size() == 1 ? "" : "s") + " re-enrolled; the other "
                        + (due.size() - canaryDue.size()) + " due device" + (due.size() - canaryDue.size() == 1 ? "" : "s")
                        + " wait for the canary"
                        + (stuckCanary.isEmpty() ? "" : " (stuck canary: " + String.join(", ", stuckCanary) + "; fix or drop them from the canary)"));
            } else if (!canaryIds.isEmpty()) {
                Instant last = population.stream().filter(d -> canaryIds.contains(d.id())).map(Device::issued)
                        .max(Comparator.naturalOrder()).orElse(now);
                Instant goAt = last.plus(policy.pause());
                if (goAt.isAfter(now) && !due.isEmpty()) {
                    candidates = List.of();
                    notices.add("renewal: enrollment " + enrollment + ": the canary re-enrolled (last at " + last + "); the other "
                            + due.size() + " due devices follow after the pause, at " + goAt);
                }
            }
        }
        List<String> push = new ArrayList<>();
        int room = policy.budget().map(b -> b.maxDevices() - (int) pushes.stream().filter(p -> p.at().isAfter(budgetFrom)).count())
                .orElse(Integer.MAX_VALUE);
        for (Device d : candidates) {
            if (push.size() >= room) {
                break;
            }
            push.add(d.id());
        }
        if (push.size() < candidates.size()) {
            RenewalPolicy.Budget budget = policy.budget().orElseThrow();
            notices.add("renewal: enrollment " + enrollment + ": budget of " + budget.maxDevices() + " re-enrolments per "
                    + budget.window() + " reached; " + (candidates.size() - push.size()) + " due device"
                    + (candidates.size() - push.size() == 1 ? "" : "s") + " follow in the next window");
        }
        for (Stuck s : stuck) {
            notices.add("renewal: enrollment " + enrollment + ": device " + s.deviceName() + " (" + s.deviceId()
                    + ") did not re-enrol after " + s.pushes() + " push" + (s.pushes() == 1 ? "" : "es") + " (maxRepush "
                    + policy.maxRepush() + "), last at " + s.lastPush() + "; it is not pushed again: check it with "
                    + "scephub doctor --device " + s.deviceName());
        }
        return new Selection(push, stuck, notices);
    }

    private static Set<String> canaryIds(RenewalPolicy.Canary canary, List<Device> population) {
        Set<String> ids = new LinkedHashSet<>();
        if (!canary.devices().isEmpty()) {
            Set<String> named = Set.copyOf(canary.devices());
            population.stream().filter(d -> named.contains(d.name()) || named.contains(d.id())).forEach(d -> ids.add(d.id()));
            return ids;
        }
        if (population.isEmpty()) {
            return ids;
        }
        int count = Math.max(1, (int) Math.ceil(population.size() * canary.percent() / 100.0));
        population.stream().limit(count).forEach(d -> ids.add(d.id()));
        return ids;
    }
}
