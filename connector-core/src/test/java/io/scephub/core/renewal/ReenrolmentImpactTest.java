package io.scephub.core.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.model.CaSpec;
import io.scephub.core.model.CertificateSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.GroupScope;
import io.scephub.core.model.Platform;
import io.scephub.core.model.RenewalPolicy;
import io.scephub.core.engine.Reconciler;
import io.scephub.core.plan.Plan;
import io.scephub.core.plan.PlanJson;
import io.scephub.core.plan.PlanPrinter;
import io.scephub.core.plan.Planner;
import io.scephub.core.resource.OwnershipMarker;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
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

/** The plan says how many devices a change re-enrols, exactly for the changes the connector declares as re-issuing. */
class ReenrolmentImpactTest {
    private static final Instant NOW = Instant.parse("2027-10-01T00:00:00Z");
    private static final ResourceKey WIN = ResourceKey.parse("intune.scep-profile/win");

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final InMemoryFleetConnector intune = new InMemoryFleetConnector("intune").serves("win", WIN);
    private final DesiredState state = new DesiredState(Map.of(), List.of(enrollment()));

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static EnrollmentSpec enrollment() {
        CertificateSpec certificate = new CertificateSpec("CN={{DeviceId}}", List.of(), 2048, "sha2", Set.of(), List.of(),
                Period.ofYears(1), 20);
        return new EnrollmentSpec("win", Platform.WINDOWS, "intune", ChallengeType.DELEGATED, new CaSpec.OktaCa(), certificate,
                new GroupScope(List.of("g"), List.of()), Optional.of(new RenewalPolicy(Duration.ofDays(30))), Optional.empty());
    }

    private void holders(int count, Duration expiringIn) {
        List<DeviceCertificate> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant expires = NOW.plus(expiringIn);
            devices.add(new DeviceCertificate("d" + i, "PC-" + i, Optional.empty(), Optional.of(expires.minus(Duration.ofDays(365))),
                    Optional.of(expires), Optional.empty()));
        }
        intune.reports(WIN, devices);
    }

    private Plan plan(String validity, String name) {
        if (intune.objectsOwnedBy(WIN).isEmpty()) {
            intune.seed(OwnershipMarker.of(WIN), Map.of("name", "Windows", "validity", "1y"), Set.of());
        }
        intune.desire(List.of(Resource.builder(WIN, "intune").attribute("name", name).attribute("validity", validity).build()));
        return new Reconciler(Map.of("intune", intune), new Planner(), executor, new RenewalPlanner(new MutableClock(NOW))).plan(state);
    }

    private static io.scephub.core.resource.ActualResource fleetProfile() {
        return new io.scephub.core.resource.ActualResource(WIN, "intune", "x", Map.of(), Map.of(), Set.of());
    }

    @Test
    void anUpdateOfAReissuingAttributeSaysHowManyDevicesItReEnrols() {
        intune.reissues(Set.of("validity"), true);
        holders(1240, Duration.ofDays(200));

        Plan plan = plan("2y", "Windows");

        assertThat(plan.reenrols()).containsExactly(Map.entry(WIN, 1240));
        assertThat(new PlanPrinter().render(plan)).contains("~ update intune.scep-profile/win (re-enrols 1,240 devices)\n");
        assertThat(new PlanJson().render(plan).get("changes").get(0).get("reenrols_devices").asInt()).isEqualTo(1240);
    }

    @Test
    void aDeleteSaysItReEnrolsNoDevice() {
        holders(5, Duration.ofDays(200));
        intune.seed(OwnershipMarker.of(WIN), Map.of("name", "Windows", "validity", "1y"), Set.of());
        intune.desire(List.of());

        Plan plan = new Reconciler(Map.of("intune", intune), new Planner(), executor, null).plan(state);

        assertThat(plan.reenrols()).containsExactly(Map.entry(WIN, 0));
        assertThat(new PlanPrinter().render(plan)).contains("- delete intune.scep-profile/win (re-enrols 0 devices)\n");
        assertThat(new PlanJson().render(plan).get("changes").get(0).get("reenrols_devices").asInt()).isZero();
    }

    @Test
    void aDeleteWhoseObjectCountsWhatItLetsBackInSaysSo() {
        intune.seed(OwnershipMarker.of(WIN), Map.of("name", "Windows", "validity", "1y", ReenrolmentImpact.REENROLS, 2), Set.of());
        intune.desire(List.of());

        Plan plan = new Reconciler(Map.of("intune", intune), new Planner(), executor, null).plan(state);

        assertThat(plan.reenrols()).containsExactly(Map.entry(WIN, 2));
        assertThat(new PlanPrinter().render(plan)).contains("- delete intune.scep-profile/win (re-enrols 2 devices)\n");
    }

    @Test
    void anUpdateOfOtherAttributesSaysNothing() {
        intune.reissues(Set.of("validity"), true);
        holders(3, Duration.ofDays(200));

        Plan plan = plan("1y", "Windows 11");

        assertThat(plan.reenrols()).isEmpty();
        assertThat(new PlanPrinter().render(plan)).contains("~ update intune.scep-profile/win\n").doesNotContain("re-enrols");
        assertThat(new PlanJson().render(plan).get("changes").get(0).has("reenrols_devices")).isFalse();
    }

    @Test
    void aWholeScopeRedistributionCountsEveryHolderAndSaysSoOnlyWhenTheConnectorReEnrols() {
        holders(3, Duration.ofDays(5));
        List<DeviceCertificate> withLater = new ArrayList<>(intune.fleet(fleetProfile()).devices());
        Instant later = NOW.plus(Duration.ofDays(300));
        withLater.add(new DeviceCertificate("late", "PC-late", Optional.empty(), Optional.of(later.minus(Duration.ofDays(365))),
                Optional.of(later), Optional.empty()));
        intune.reports(WIN, withLater);
        intune.reissues(Set.of(), true);
        Plan reenrolling = plan("1y", "Windows");
        assertThat(new PlanPrinter().render(reenrolling)).contains("~ redistribute intune.scep-profile/win (3 devices expiring from")
                .contains(") (re-enrols 4 devices)")
                .contains("redistributed to the profile's whole scope: 4 devices re-enrol, not only the 3 of the due waves");

        intune.reissues(Set.of(), false);
        Plan recordOnly = plan("1y", "Windows");
        assertThat(recordOnly.changes()).anyMatch(c -> c.action() == io.scephub.core.plan.PlanChange.Action.REDISTRIBUTE);
        assertThat(new PlanPrinter().render(recordOnly)).doesNotContain("re-enrols");
    }
}
