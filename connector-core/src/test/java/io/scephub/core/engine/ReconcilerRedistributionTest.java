package io.scephub.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.apply.Applier;
import io.scephub.core.apply.ApplyListener;
import io.scephub.core.apply.ApplyResult;
import io.scephub.core.apply.ChangeOutcome;
import io.scephub.core.model.CaSpec;
import io.scephub.core.model.CertificateSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.GroupScope;
import io.scephub.core.model.Platform;
import io.scephub.core.model.RenewalPolicy;
import io.scephub.core.plan.Plan;
import io.scephub.core.plan.PlanChange;
import io.scephub.core.plan.Planner;
import io.scephub.core.renewal.DeviceCertificate;
import io.scephub.core.renewal.Redistribution;
import io.scephub.core.renewal.RenewalPlanner;
import io.scephub.core.resource.OwnershipMarker;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.spi.Connector;
import io.scephub.core.testing.InMemoryConnector;
import io.scephub.core.testing.InMemoryFleetConnector;
import io.scephub.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The renewal planner's redistributions as the reconciler plans them and the applier carries them out. */
class ReconcilerRedistributionTest {
    private static final Instant NOW = Instant.parse("2027-10-01T00:00:00Z");
    private static final ResourceKey WIN = ResourceKey.parse("intune.scep-profile/win");
    private static final ResourceKey MAC = ResourceKey.parse("intune.scep-profile/mac");

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryFleetConnector intune = new InMemoryFleetConnector("intune").serves("win", WIN).serves("mac", MAC);
    private final DesiredState state = new DesiredState(Map.of(), List.of(enrollment("win"), enrollment("mac")));

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private Reconciler reconciler(Map<String, Connector> connectors) {
        return new Reconciler(connectors, new Planner(), executor,
                new RenewalPlanner(clock));
    }

    private static EnrollmentSpec enrollment(String name) {
        CertificateSpec certificate = new CertificateSpec("CN={{DeviceId}}", List.of(), 2048, "sha2", Set.of(), List.of(),
                Period.ofYears(1), 20);
        return new EnrollmentSpec(name, Platform.WINDOWS, "intune", ChallengeType.DELEGATED, new CaSpec.OktaCa(), certificate,
                new GroupScope(List.of("g"), List.of()), Optional.of(new RenewalPolicy(Duration.ofDays(30))), Optional.empty());
    }

    private static List<DeviceCertificate> expiringIn(String prefix, int count, Duration in) {
        List<DeviceCertificate> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant expires = NOW.plus(in).plus(Duration.ofHours(i));
            out.add(new DeviceCertificate(prefix + i, "PC-" + prefix + i, Optional.empty(),
                    Optional.of(expires.minus(Duration.ofDays(365))), Optional.of(expires), Optional.empty()));
        }
        return out;
    }

    private static Resource profile(ResourceKey key, String name) {
        return Resource.builder(key, "intune").attribute("name", name).build();
    }

    /** Both profiles exist as desired, and both fleets are due (WIN in two waves a fortnight apart). */
    private void dueFleets() {
        intune.seed(OwnershipMarker.of(WIN), Map.of("name", "Windows"), Set.of());
        intune.seed(OwnershipMarker.of(MAC), Map.of("name", "Mac"), Set.of());
        intune.desire(List.of(profile(WIN, "Windows"), profile(MAC, "Mac")));
        List<DeviceCertificate> win = new ArrayList<>(expiringIn("w", 3, Duration.ofDays(5)));
        win.addAll(expiringIn("v", 2, Duration.ofDays(20)));
        intune.reports(WIN, win).reports(MAC, expiringIn("m", 4, Duration.ofDays(10)));
    }

    private static List<PlanChange.Redistribute> redistributions(Plan plan) {
        return plan.changes().stream().filter(PlanChange.Redistribute.class::isInstance).map(PlanChange.Redistribute.class::cast).toList();
    }

    @Test
    void aDueFleetYieldsExactlyOneRedistributePerProfileCoveringAllItsDueWaves() {
        dueFleets();

        Plan plan = reconciler(Map.of("intune", intune)).plan(state);

        assertThat(redistributions(plan)).extracting(PlanChange::key).containsExactlyInAnyOrder(WIN, MAC);
        Redistribution win = redistributions(plan).stream().filter(r -> r.key().equals(WIN)).findFirst().orElseThrow().redistribution();
        assertThat(win.devices()).isEqualTo(5);
        assertThat(win.waves()).isEqualTo(2);
        assertThat(win.earliestExpiry()).isEqualTo(NOW.plus(Duration.ofDays(5)));
        assertThat(plan.effectiveChanges()).extracting(PlanChange::action).containsOnly(PlanChange.Action.REDISTRIBUTE);
    }

    @Test
    void aFleetNotYetDueYieldsNoRedistribute() {
        intune.seed(OwnershipMarker.of(WIN), Map.of("name", "Windows"), Set.of());
        intune.desire(List.of(profile(WIN, "Windows")));
        intune.reports(WIN, expiringIn("w", 3, Duration.ofDays(31)));

        Plan plan = reconciler(Map.of("intune", intune)).plan(state);

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void aProfileThePlanCreatesIsNotRedistributed() {
        intune.desire(List.of(profile(WIN, "Windows")));
        intune.reports(WIN, expiringIn("w", 3, Duration.ofDays(5)));

        Plan plan = reconciler(Map.of("intune", intune)).plan(state);

        assertThat(plan.effectiveChanges()).extracting(PlanChange::action).containsExactly(PlanChange.Action.CREATE);
    }

    @Test
    void theRedistributeIsAppliedAfterTheUpdateOfTheSameProfile() {
        dueFleets();
        intune.desire(List.of(profile(WIN, "Windows 11"), profile(MAC, "Mac")));
        Reconciler reconciler = reconciler(Map.of("intune", intune));

        Plan plan = reconciler.plan(state);
        ApplyResult result = reconciler.apply(plan);

        assertThat(plan.effectiveChanges()).extracting(PlanChange::action, PlanChange::key).contains(
                org.assertj.core.groups.Tuple.tuple(PlanChange.Action.UPDATE, WIN),
                org.assertj.core.groups.Tuple.tuple(PlanChange.Action.REDISTRIBUTE, WIN));
        assertThat(result.succeeded()).isTrue();
        List<String> journal = intune.journal();
        assertThat(journal.indexOf("end update " + WIN)).isGreaterThanOrEqualTo(0)
                .isLessThan(journal.indexOf("start redistribute " + WIN));
        assertThat(intune.objectsOwnedBy(WIN)).singleElement().satisfies(o -> assertThat(o.attributes()).containsEntry("name", "Windows 11"));
    }

    @Test
    void onceTheRedistributionIsRecordedTheNextPlanHasNone() {
        dueFleets();
        Reconciler reconciler = reconciler(Map.of("intune", intune));

        Reconciliation first = reconciler.reconcile(state);
        clock.advance(Duration.ofHours(2));
        Plan again = reconciler.plan(state);

        assertThat(first.result().outcomes()).extracting(ChangeOutcome::action, ChangeOutcome::status).containsOnly(
                org.assertj.core.groups.Tuple.tuple(PlanChange.Action.REDISTRIBUTE, ChangeOutcome.Status.APPLIED));
        assertThat(first.result().outcomes()).hasSize(2);
        assertThat(intune.redistributions).extracting(Redistribution::profile).containsExactlyInAnyOrder(WIN, MAC);
        assertThat(redistributions(again)).isEmpty();
        assertThat(again.isEmpty()).isTrue();
    }

    @Test
    void aFailedRedistributionIsRecordedLikeAnyFailedChangeAndPlannedAgain() {
        dueFleets();
        intune.failOn(WIN);
        Reconciler reconciler = reconciler(Map.of("intune", intune));

        ApplyResult result = reconciler.reconcile(state).result();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.outcomes()).filteredOn(o -> o.key().equals(WIN)).singleElement().satisfies(o -> {
            assertThat(o.action()).isEqualTo(PlanChange.Action.REDISTRIBUTE);
            assertThat(o.status()).isEqualTo(ChangeOutcome.Status.FAILED);
            assertThat(o.message()).hasValueSatisfying(m -> assertThat(m).contains("write of " + WIN + " failed"));
        });
        assertThat(result.outcomes()).filteredOn(o -> o.key().equals(MAC))
                .singleElement().extracting(ChangeOutcome::status).isEqualTo(ChangeOutcome.Status.APPLIED);
        assertThat(redistributions(reconciler.plan(state))).extracting(PlanChange::key).containsExactly(WIN);
    }

    @Test
    void aRedistributeForAConnectorThatCannotRedistributeFails() {
        dueFleets();
        Plan plan = reconciler(Map.of("intune", intune)).plan(state);
        InMemoryConnector plain = new InMemoryConnector("intune");

        ApplyResult result = new Applier(executor, ApplyListener.none()).apply(plan, Map.of("intune", plain));

        assertThat(result.outcomes()).isNotEmpty().allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(ChangeOutcome.Status.FAILED);
            assertThat(o.message()).contains("connector 'intune' cannot redistribute profiles");
        });
    }
}
