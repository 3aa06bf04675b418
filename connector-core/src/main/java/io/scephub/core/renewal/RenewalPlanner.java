package io.scephub.core.renewal;

import io.scephub.core.error.ScephubException;
import io.scephub.core.model.CaSpec;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.spi.CertificateFleet;
import io.scephub.core.spi.Connector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans the redistributions that stand in for SCEP renewal when Okta is the CA.
 *
 * <p>Rules:
 * <ul>
 *   <li>Only enrollments with a {@code renewal} policy and {@code ca: okta} are considered, and only
 *       when their MDM connector is a {@link CertificateFleet} and their profile already exists.</li>
 *   <li>Each device's expiry is the one the MDM reports, else its issue (or last delivery) time plus
 *       the configured validity. Sorted expiries are grouped greedily into waves: a wave starts at the
 *       first expiry not yet grouped and takes every expiry within {@code waveWidth} of it. Without any
 *       per-device expiry, one wave comes from the deployment history: the later of the profile's last
 *       deployment and its last redistribution, plus the validity.</li>
 *   <li>A wave is due when its first expiry minus {@code redistributeBeforeExpiry} is not after now.
 *       Devices whose certificate was issued before the last recorded redistribution are already
 *       covered (the profile went out again after their certificate), so their waves are
 *       {@code redistributed} and never planned again: redistribution is idempotent.</li>
 *   <li>Due enrollments of one vendor are staggered, most urgent first, into batches that fit its
 *       {@link RedistributionBudget}; redistributions recorded within the last window use up the
 *       first batch's budget. Batch 1 is planned now; later batches are {@code scheduled} at
 *       {@code window} intervals and planned by the first sync at or after their time.</li>
 * </ul>
 */
public final class RenewalPlanner {
    /** Expiries less than a week apart form one wave. */
    public static final Duration DEFAULT_WAVE_WIDTH = Duration.ofDays(7);

    private static final Logger log = LoggerFactory.getLogger(RenewalPlanner.class);

    private final Clock clock;
    private final Duration waveWidth;
    private final ReenrolmentLog pushes;

    public RenewalPlanner(Clock clock) {
        this(clock, DEFAULT_WAVE_WIDTH, ReenrolmentLog.inMemory());
    }

    public RenewalPlanner(Clock clock, ReenrolmentLog log) {
        this(clock, DEFAULT_WAVE_WIDTH, log);
    }

    public RenewalPlanner(Clock clock, Duration waveWidth) {
        this(clock, waveWidth, ReenrolmentLog.inMemory());
    }

    /** @param log the devices pushed so far, which the rings count against the budget and the re-push bound */
    public RenewalPlanner(Clock clock, Duration waveWidth, ReenrolmentLog log) {
        this.pushes = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (waveWidth.isNegative() || waveWidth.isZero()) {
            throw new IllegalArgumentException("the wave width must be positive, got " + waveWidth);
        }
        this.waveWidth = waveWidth;
    }

    /**
     * Records the devices an applied redistribution pushed, at the clock's now, so the next plan's rings count them.
     * A redistribution of a whole profile records nothing here (the vendor keeps that record).
     */
    public void recordPushed(Redistribution redistribution) {
        if (!redistribution.deviceIds().isEmpty()) {
            pushes.record(redistribution.enrollment(), redistribution.deviceIds(), clock.instant());
        }
    }

    /** True for enrollments the renewal gap applies to: Okta as the CA and a renewal policy. */
    public static boolean applies(EnrollmentSpec enrollment) {
        return enrollment.renewal().isPresent() && enrollment.ca() instanceof CaSpec.OktaCa;
    }

    /**
     * Reads the fleets of the enrollments the renewal gap applies to and forecasts them. A fleet that
     * cannot be read becomes a notice (its enrollment gets no redistribution this time), so one
     * unreachable report never blocks the rest of a sync.
     *
     * @param profiles the profile as read (or found) for a resource key; empty when it does not exist
     */
    public RenewalForecast forecast(DesiredState state, Map<String, Connector> connectors,
                                    Function<ResourceKey, Optional<ActualResource>> profiles) {
        Instant now = clock.instant();
        List<Digested> fleets = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        for (EnrollmentSpec enrollment : state.enrollments()) {
            if (!applies(enrollment)) {
                continue;
            }
            Connector connector = connectors.get(enrollment.mdm());
            if (!(connector instanceof CertificateFleet fleet)) {
                notices.add("renewal: enrollment " + enrollment.name() + " has a renewal policy, but the '" + enrollment.mdm()
                        + "' connector " + (connector == null ? "is not configured" : "cannot report device certificates")
                        + "; redistribute its profile by hand before the certificates expire");
                continue;
            }
            Optional<ResourceKey> key = fleet.certificateProfile(enrollment);
            Optional<ActualResource> profile = key.flatMap(profiles);
            if (profile.isEmpty()) {
                continue;
            }
            try {
                // The devices stream into the digest: the planner never holds the fleet's device list.
                FleetDigest digest = new FleetDigest(enrollment, now, waveWidth);
                FleetSnapshot history = fleet.fleet(profile.get(), digest);
                FleetSnapshot near = new FleetSnapshot(digest.near(), history.deployedAt(), history.lastRedistributedAt(),
                        history.owed());
                fleets.add(new Digested(new EnrollmentFleet(enrollment, profile.get(), near, fleet.redistributionBudget(),
                        fleet.reenrolsPerDevice()), digest));
            } catch (ScephubException | IllegalStateException e) {
                notices.add("renewal: could not read the device certificates of " + profile.get().key() + ": " + e.getMessage()
                        + "; no redistribution is planned for enrollment " + enrollment.name() + " this time");
            }
        }
        return forecast(now, fleets, notices);
    }

    /** The waves and due redistributions of already-read fleets, at the clock's now. */
    public RenewalForecast forecast(List<EnrollmentFleet> fleets, List<String> given) {
        Instant now = clock.instant();
        return forecast(now, fleets.stream().map(f -> new Digested(f, FleetDigest.of(f, now, waveWidth))).toList(), given);
    }

    /**
     * A fleet as the planner read it: the fleet whose snapshot holds only the devices the rings may select, and the
     * digest of all of them.
     */
    private record Digested(EnrollmentFleet fleet, FleetDigest digest) {
    }

    private RenewalForecast forecast(Instant now, List<Digested> digested, List<String> given) {
        List<String> notices = new ArrayList<>(given);
        List<ExpiryWave> waves = new ArrayList<>();
        Map<String, List<Candidate>> dueByConnector = new TreeMap<>();
        Map<String, EnrollmentFleet> byEnrollment = new LinkedHashMap<>();
        for (Digested read : digested) {
            EnrollmentFleet fleet = read.fleet();
            byEnrollment.put(fleet.enrollment().name(), fleet);
            var policy = fleet.enrollment().renewal().orElseThrow();
            if (!fleet.perDevice() && (policy.canary().isPresent() || policy.budget().isPresent())) {
                notices.add("renewal: enrollment " + fleet.enrollment().name() + ": the '" + fleet.profile().connector()
                        + "' connector redistributes the profile to its whole scope, so the policy's canary and budget cannot"
                        + " select devices there; each due wave goes at once");
            }
            List<ExpiryWave> own = waves(fleet, read.digest(), now);
            List<ExpiryWave> due = own.stream().filter(w -> w.status() == ExpiryWave.Status.DUE).toList();
            own.stream().filter(w -> w.status() != ExpiryWave.Status.DUE).forEach(waves::add);
            if (!due.isEmpty()) {
                dueByConnector.computeIfAbsent(fleet.profile().connector(), c -> new ArrayList<>()).add(new Candidate(fleet, due));
            }
        }
        List<Redistribution> redistributions = new ArrayList<>();
        dueByConnector.forEach((connector, candidates) -> stagger(candidates, digested, now, waves, redistributions, notices));
        owed(digested.stream().map(Digested::fleet).toList(), now, redistributions);
        waves.sort(Comparator.comparing(ExpiryWave::enrollment).thenComparing(ExpiryWave::start));
        log.info("renewal forecast enrollments={} waves={} due={}", digested.size(), waves.size(), redistributions.size());
        return new RenewalForecast(now, waves, redistributions, notices);
    }

    /** What per-device fleets owe at the vendor rides on their redistribution, or is one of its own. */
    private static void owed(List<EnrollmentFleet> fleets, Instant now, List<Redistribution> redistributions) {
        for (EnrollmentFleet fleet : fleets) {
            List<String> owed = fleet.snapshot().owed();
            if (!fleet.perDevice() || owed.isEmpty()) {
                continue;
            }
            ResourceKey key = fleet.profile().key();
            int at = -1;
            for (int i = 0; i < redistributions.size(); i++) {
                at = redistributions.get(i).profile().equals(key) ? i : at;
            }
            if (at >= 0) {
                redistributions.set(at, redistributions.get(at).owing(owed));
            } else {
                redistributions.add(Redistribution.owedOnly(fleet.enrollment().name(), key, now, owed));
            }
        }
    }

    /** A profile redistributed within the budget's window: when first, and how many devices it reached. */
    private record Recent(Instant at, long devices) {
    }

    /**
     * Whether {@code fleet} was redistributed within the window: a whole profile by its vendor's record, a per-device
     * fleet by the pushes in the log (each push is a device re-enrolling).
     */
    private Optional<Recent> recent(Digested read, Instant windowOpen) {
        EnrollmentFleet fleet = read.fleet();
        Optional<Instant> recorded = fleet.snapshot().lastRedistributedAt().filter(t -> t.isAfter(windowOpen));
        if (recorded.isPresent() || !fleet.perDevice()) {
            return recorded.map(t -> new Recent(t, read.digest().devices()));
        }
        try {
            List<ReenrolmentLog.Push> inWindow = pushes.since(fleet.enrollment().name(), windowOpen).stream()
                    .filter(p -> p.at().isAfter(windowOpen)).toList();
            return inWindow.stream().map(ReenrolmentLog.Push::at).min(Comparator.naturalOrder())
                    .map(t -> new Recent(t, inWindow.size()));
        } catch (RuntimeException e) {
            // Without the log the rings push nobody of this fleet anyway (see stagger); it spends no budget here.
            return Optional.empty();
        }
    }

    private record Candidate(EnrollmentFleet fleet, List<ExpiryWave> waves) {
        int devices() {
            return waves.stream().mapToInt(ExpiryWave::devices).sum();
        }

        Instant earliest() {
            return waves.get(0).start();
        }
    }

    private List<ExpiryWave> waves(EnrollmentFleet fleet, FleetDigest digest, Instant now) {
        EnrollmentSpec enrollment = fleet.enrollment();
        Period validity = enrollment.certificate().validity();
        Duration before = enrollment.renewal().orElseThrow().redistributeBeforeExpiry();
        Optional<Instant> redistributed = fleet.snapshot().lastRedistributedAt();
        List<ExpiryWave> out = new ArrayList<>();
        if (!digest.hasExpiries()) {
            Optional<Instant> lastDeployment = latest(fleet.snapshot().deployedAt(), redistributed);
            lastDeployment.ifPresent(deployed -> {
                Instant expiry = plus(deployed, validity);
                out.add(wave(fleet, expiry, expiry, digest.devices(), before, now, false,
                        ExpiryWave.Source.DEPLOYMENT_HISTORY));
            });
            return out;
        }
        for (boolean covered : new boolean[] {false, true}) {
            List<Instant> sorted = digest.sortedExpiries(covered, redistributed);
            int i = 0;
            while (i < sorted.size()) {
                Instant start = sorted.get(i);
                Instant limit = start.plus(waveWidth);
                int j = i;
                while (j < sorted.size() && sorted.get(j).isBefore(limit)) {
                    j++;
                }
                out.add(wave(fleet, start, sorted.get(j - 1), j - i, before, now, covered, ExpiryWave.Source.DEVICES));
                i = j;
            }
        }
        out.sort(Comparator.comparing(ExpiryWave::start));
        return out;
    }

    private static ExpiryWave wave(EnrollmentFleet fleet, Instant start, Instant end, int devices, Duration before, Instant now,
                                   boolean covered, ExpiryWave.Source source) {
        Instant dueAt = start.minus(before);
        ExpiryWave.Status status;
        Instant at;
        if (covered) {
            status = ExpiryWave.Status.REDISTRIBUTED;
            at = fleet.snapshot().lastRedistributedAt().orElseThrow();
        } else if (!dueAt.isAfter(now)) {
            status = ExpiryWave.Status.DUE;
            at = now;
        } else {
            status = ExpiryWave.Status.OK;
            at = dueAt;
        }
        return new ExpiryWave(fleet.enrollment().name(), fleet.profile().connector(), fleet.profile().key(), start, end, devices,
                dueAt, at, status, 0, source);
    }

    /** Splits one vendor's due candidates into budget-sized batches, most urgent first. */
    private void stagger(List<Candidate> candidates, List<Digested> allFleets, Instant now, List<ExpiryWave> waves,
                         List<Redistribution> out, List<String> notices) {
        candidates.sort(Comparator.comparing(Candidate::earliest).thenComparing(c -> c.fleet().enrollment().name()));
        RedistributionBudget budget = candidates.get(0).fleet().budget();
        String connector = candidates.get(0).fleet().profile().connector();
        // Redistributions recorded within the last window already spent part of this window's budget.
        Instant windowOpen = now.minus(budget.window());
        Map<EnrollmentFleet, Recent> recent = new LinkedHashMap<>();
        allFleets.stream().filter(f -> f.fleet().profile().connector().equals(connector))
                .forEach(f -> recent(f, windowOpen).ifPresent(r -> recent.put(f.fleet(), r)));
        long devicesInBatch = recent.values().stream().mapToLong(Recent::devices).sum();
        int profilesInBatch = recent.size();
        Instant firstBatchStart = recent.values().stream().map(Recent::at).min(Comparator.naturalOrder()).orElse(now);
        int batch = 0;
        int[] batchOf = new int[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            boolean full = profilesInBatch > 0
                    && (devicesInBatch + c.devices() > budget.maxDevices() || profilesInBatch + 1 > budget.maxProfiles());
            if (full) {
                batch++;
                devicesInBatch = 0;
                profilesInBatch = 0;
            }
            batchOf[i] = batch;
            devicesInBatch += c.devices();
            profilesInBatch++;
        }
        int batches = batch + 1;
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            int b = batchOf[i];
            Instant at = b == 0 ? now : latest(Optional.of(now), Optional.of(firstBatchStart.plus(budget.window().multipliedBy(b)))).orElseThrow();
            ExpiryWave.Status status = b == 0 ? ExpiryWave.Status.DUE : ExpiryWave.Status.SCHEDULED;
            for (ExpiryWave w : c.waves()) {
                waves.add(new ExpiryWave(w.enrollment(), w.connector(), w.profile(), w.start(), w.end(), w.devices(), w.dueAt(),
                        at, status, b + 1, w.source()));
            }
            if (b == 0) {
                Instant latest = c.waves().stream().map(ExpiryWave::end).max(Comparator.naturalOrder()).orElseThrow();
                Redistribution whole = new Redistribution(c.fleet().enrollment().name(), c.fleet().profile().key(), c.devices(),
                        c.earliest(), latest, c.waves().size(), 1, batches, now);
                if (!c.fleet().perDevice()) {
                    out.add(whole);
                    continue;
                }
                Rings.Selection selection;
                try {
                    selection = Rings.select(c.fleet(), latest, now, pushes);
                } catch (RuntimeException e) {
                    // Without the record of past pushes the budget and the re-push bound cannot be kept: push nobody.
                    notices.add("renewal: could not read the record of pushed devices: " + e.getMessage()
                            + "; no device of enrollment " + c.fleet().enrollment().name() + " is pushed this time");
                    continue;
                }
                notices.addAll(selection.notices());
                if (!selection.push().isEmpty()) {
                    out.add(whole.toDevices(selection.push()));
                }
            }
        }
    }

    private static Optional<Instant> latest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return Optional.of(a.get().isAfter(b.get()) ? a.get() : b.get());
    }

    private static Instant plus(Instant t, Period validity) {
        return FleetDigest.plus(t, validity);
    }
}
