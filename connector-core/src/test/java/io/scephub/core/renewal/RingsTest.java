package io.scephub.core.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.model.CaSpec;
import io.scephub.core.model.RenewalPolicy;
import io.scephub.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The renewal policy's rings on an MDM that re-enrols single devices: canary, pause, budget, bounded re-push. */
class RingsTest {
    private static final Instant T0 = Instant.parse("2027-10-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final ReenrolmentLog log = ReenrolmentLog.inMemory();
    private final RenewalPlanner planner = new RenewalPlanner(clock, log);
    /** What each simulated device holds: id -> certificate. */
    private final Map<String, DeviceCertificate> held = new HashMap<>();

    private void enrol(String id, Instant expires) {
        held.put(id, RenewalPlannerTest.device(id, expires));
    }

    private void reEnrol(String id) {
        Instant now = clock.instant();
        held.put(id, new DeviceCertificate(id, "PC-" + id, Optional.of("new-" + id), Optional.of(now),
                Optional.of(now.plus(Duration.ofDays(365))), Optional.of(now)));
    }

    private RenewalForecast plan(RenewalPolicy policy) {
        var enrollment = RenewalPlannerTest.enrollment("e", new CaSpec.OktaCa(), Optional.of(policy));
        List<DeviceCertificate> devices = new ArrayList<>(held.values());
        EnrollmentFleet fleet = new EnrollmentFleet(enrollment, RenewalPlannerTest.profile("e"),
                new FleetSnapshot(devices, Optional.empty(), Optional.empty()), RedistributionBudget.DEFAULT, true);
        return planner.forecast(List.of(fleet), List.of());
    }

    /** Applies the forecast's redistribution: records the pushes, and the devices that do enrol re-enrol. */
    private List<String> apply(RenewalForecast forecast, List<String> failing) {
        if (forecast.due().isEmpty()) {
            return List.of();
        }
        Redistribution r = forecast.due().get(0);
        planner.recordPushed(r);
        r.deviceIds().stream().filter(id -> !failing.contains(id)).forEach(this::reEnrol);
        return r.deviceIds();
    }

    @Test
    void theCanaryGoesFirstThenThePauseThenTheRestWithinTheBudget() {
        for (int i = 0; i < 10; i++) {
            enrol("d" + i, T0.plus(Duration.ofDays(10)).plus(Duration.ofHours(i)));
        }
        enrol("later", T0.plus(Duration.ofDays(200)));
        RenewalPolicy policy = new RenewalPolicy(Duration.ofDays(30), Optional.of(new RenewalPolicy.Canary(List.of(), 20)),
                Duration.ofHours(2), Optional.of(new RenewalPolicy.Budget(3, Duration.ofHours(1))), 2);

        RenewalForecast first = plan(policy);
        assertThat(first.due()).singleElement().satisfies(r -> assertThat(r.deviceIds()).containsExactly("d0", "d1"));
        assertThat(apply(first, List.of())).hasSize(2);

        clock.advance(Duration.ofHours(1));
        RenewalForecast paused = plan(policy);
        assertThat(paused.due()).as("the rest waits two hours after the canary re-enrolled").isEmpty();
        assertThat(paused.notices()).anyMatch(n -> n.contains("the canary re-enrolled") && n.contains("follow after the pause"));

        List<String> pushed = new ArrayList<>();
        for (int hour = 0; hour < 4; hour++) {
            clock.advance(Duration.ofHours(1));
            List<String> now = apply(plan(policy), List.of());
            assertThat(now.size()).as("budget of 3 per hour").isLessThanOrEqualTo(3);
            pushed.addAll(now);
        }
        assertThat(pushed).containsExactlyInAnyOrder("d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9");
        assertThat(held.get("later").serialNumber()).contains("serial-later");
        assertThat(log.since("e", T0)).extracting(ReenrolmentLog.Push::deviceId).doesNotContain("later").hasSize(10);
    }

    @Test
    void aDeviceThatDoesNotReEnrolIsPushedAgainBoundedTimesThenReported() {
        enrol("ok", T0.plus(Duration.ofDays(10)));
        enrol("broken", T0.plus(Duration.ofDays(10)).plus(Duration.ofHours(1)));
        RenewalPolicy policy = new RenewalPolicy(Duration.ofDays(30), Optional.empty(), Duration.ZERO, Optional.empty(), 1);

        assertThat(apply(plan(policy), List.of("broken"))).containsExactly("ok", "broken");
        assertThat(plan(policy).due()).as("not pushed again within the re-push interval").isEmpty();
        clock.advance(Rings.DEFAULT_REPUSH_INTERVAL);
        assertThat(apply(plan(policy), List.of("broken"))).containsExactly("broken");
        clock.advance(Rings.DEFAULT_REPUSH_INTERVAL);

        RenewalForecast stuck = plan(policy);
        assertThat(stuck.due()).isEmpty();
        assertThat(stuck.notices()).anyMatch(n -> n.contains("device PC-broken (broken) did not re-enrol after 2 pushes (maxRepush 1)")
                && n.contains("scephub doctor --device PC-broken"));
    }

    @Test
    void whatAFleetOwesRidesOnItsPushesOrIsPlannedAloneWithoutDevices() {
        var enrollment = RenewalPlannerTest.enrollment("e", new CaSpec.OktaCa(),
                Optional.of(new RenewalPolicy(Duration.ofDays(30), Optional.empty(), Duration.ZERO, Optional.empty(), 1)));
        List<String> owed = List.of("retire the old version of wave 1 (2 devices hold a new certificate)");
        EnrollmentFleet nothingDue = new EnrollmentFleet(enrollment, RenewalPlannerTest.profile("e"), new FleetSnapshot(
                List.of(RenewalPlannerTest.device("a", T0.plus(Duration.ofDays(300)))), Optional.empty(), Optional.empty(), owed),
                RedistributionBudget.DEFAULT, true);
        assertThat(planner.forecast(List.of(nothingDue), List.of()).due()).singleElement().satisfies(r -> {
            assertThat(r.deviceIds()).isEmpty();
            assertThat(r.devices()).isZero();
            assertThat(r.owed()).isEqualTo(owed);
            assertThat(r.describe()).isEqualTo(owed.get(0));
        });

        EnrollmentFleet due = new EnrollmentFleet(enrollment, RenewalPlannerTest.profile("e"), new FleetSnapshot(
                List.of(RenewalPlannerTest.device("b", T0.plus(Duration.ofDays(10)))), Optional.empty(), Optional.empty(), owed),
                RedistributionBudget.DEFAULT, true);
        assertThat(planner.forecast(List.of(due), List.of()).due()).singleElement().satisfies(r -> {
            assertThat(r.deviceIds()).containsExactly("b");
            assertThat(r.owed()).isEqualTo(owed);
            assertThat(r.describe()).endsWith("; also " + owed.get(0));
        });

        EnrollmentFleet wholeScope = new EnrollmentFleet(enrollment, RenewalPlannerTest.profile("e"), new FleetSnapshot(
                List.of(RenewalPlannerTest.device("c", T0.plus(Duration.ofDays(300)))), Optional.empty(), Optional.empty(), owed),
                RedistributionBudget.DEFAULT, false);
        assertThat(planner.forecast(List.of(wholeScope), List.of()).due()).as("only per-device fleets owe anything").isEmpty();
    }

    @Test
    void pushesWithinTheWindowSpendTheProfileBudgetSoTheNextDueProfileWaitsAWindow() {
        RenewalPolicy policy = new RenewalPolicy(Duration.ofDays(30), Optional.empty(), Duration.ZERO, Optional.empty(), 1);
        RedistributionBudget oneProfile = new RedistributionBudget(2000, 1, Duration.ofHours(1));
        var a = RenewalPlannerTest.enrollment("a", new CaSpec.OktaCa(), Optional.of(policy));
        var b = RenewalPlannerTest.enrollment("b", new CaSpec.OktaCa(), Optional.of(policy));
        EnrollmentFleet first = new EnrollmentFleet(a, RenewalPlannerTest.profile("a"), new FleetSnapshot(
                List.of(RenewalPlannerTest.device("a1", T0.plus(Duration.ofDays(10)))), Optional.empty(), Optional.empty()), oneProfile, true);
        EnrollmentFleet second = new EnrollmentFleet(b, RenewalPlannerTest.profile("b"), new FleetSnapshot(
                List.of(RenewalPlannerTest.device("b1", T0.plus(Duration.ofDays(10)).plus(Duration.ofHours(1)))), Optional.empty(),
                Optional.empty()), oneProfile, true);
        RenewalForecast now = planner.forecast(List.of(first, second), List.of());
        assertThat(now.due()).singleElement().satisfies(r -> assertThat(r.deviceIds()).containsExactly("a1"));
        planner.recordPushed(now.due().get(0));

        clock.advance(Duration.ofMinutes(30));
        EnrollmentFleet pushedFirst = new EnrollmentFleet(a, RenewalPlannerTest.profile("a"), new FleetSnapshot(List.of(new DeviceCertificate(
                "a1", "PC-a1", Optional.of("new"), Optional.of(clock.instant()), Optional.of(clock.instant().plus(Duration.ofDays(365))),
                Optional.empty())), Optional.empty(), Optional.empty()), oneProfile, true);
        assertThat(planner.forecast(List.of(pushedFirst, second), List.of()).due()).as("the window's one profile is spent").isEmpty();

        clock.advance(Duration.ofMinutes(31));
        assertThat(planner.forecast(List.of(pushedFirst, second), List.of()).due()).singleElement()
                .satisfies(r -> assertThat(r.deviceIds()).containsExactly("b1"));
    }

    @Test
    void aNamedCanaryThatIsStuckHoldsTheRestBack() {
        enrol("a", T0.plus(Duration.ofDays(10)));
        enrol("b", T0.plus(Duration.ofDays(10)));
        RenewalPolicy policy = new RenewalPolicy(Duration.ofDays(30), Optional.of(new RenewalPolicy.Canary(List.of("PC-b"), 0)),
                Duration.ZERO, Optional.empty(), 0);

        assertThat(apply(plan(policy), List.of("b"))).containsExactly("b");
        clock.advance(Duration.ofHours(5));
        RenewalForecast held = plan(policy);
        assertThat(held.due()).isEmpty();
        assertThat(held.notices()).anyMatch(n -> n.contains("wait for the canary") && n.contains("stuck canary: PC-b"));
    }
}
