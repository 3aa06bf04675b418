package io.scephub.core.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.model.CaSpec;
import io.scephub.core.model.CertificateSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.GroupScope;
import io.scephub.core.model.Platform;
import io.scephub.core.model.RenewalPolicy;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ResourceKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RenewalPlannerTest {
    static final Instant NOW = Instant.parse("2027-10-01T00:00:00Z");
    static final Duration THIRTY_DAYS = Duration.ofDays(30);
    private final RenewalPlanner planner = new RenewalPlanner(Clock.fixed(NOW, ZoneOffset.UTC));

    static EnrollmentSpec enrollment(String name, CaSpec ca, Optional<RenewalPolicy> renewal) {
        CertificateSpec certificate = new CertificateSpec("CN={{DeviceId}}", List.of(), 2048, "sha2", Set.of(), List.of(),
                Period.ofYears(1), 20);
        return new EnrollmentSpec(name, Platform.WINDOWS, "intune", ChallengeType.DELEGATED, ca, certificate,
                new GroupScope(List.of("g"), List.of()), renewal, Optional.empty());
    }

    static EnrollmentSpec okta(String name) {
        return enrollment(name, new CaSpec.OktaCa(), Optional.of(new RenewalPolicy(THIRTY_DAYS)));
    }

    static ActualResource profile(String name) {
        return new ActualResource(new ResourceKey("intune.scep-profile", name), "intune", "id-" + name, Map.of(), Map.of(), Set.of());
    }

    static DeviceCertificate device(String id, Instant expiresAt) {
        return new DeviceCertificate(id, "PC-" + id, Optional.of("serial-" + id), Optional.of(expiresAt.minus(Duration.ofDays(365))),
                Optional.of(expiresAt), Optional.empty());
    }

    static List<DeviceCertificate> devices(String prefix, int count, Instant expiresAt) {
        List<DeviceCertificate> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(device(prefix + i, expiresAt.plus(Duration.ofHours(i))));
        }
        return out;
    }

    static EnrollmentFleet fleet(String name, List<DeviceCertificate> devices, Optional<Instant> redistributed, RedistributionBudget budget) {
        return new EnrollmentFleet(okta(name), profile(name), new FleetSnapshot(devices, Optional.empty(), redistributed), budget);
    }

    static EnrollmentFleet fleet(String name, List<DeviceCertificate> devices) {
        return fleet(name, devices, Optional.empty(), RedistributionBudget.DEFAULT);
    }

    @Test
    void onlyOktaCaEnrollmentsWithARenewalPolicyAreConsidered() {
        assertThat(RenewalPlanner.applies(okta("a"))).isTrue();
        assertThat(RenewalPlanner.applies(enrollment("b", new CaSpec.OktaCa(), Optional.empty()))).isFalse();
        assertThat(RenewalPlanner.applies(enrollment("c", new CaSpec.CustomCa("corp", List.of(), "x"),
                Optional.of(new RenewalPolicy(THIRTY_DAYS))))).isFalse();
    }

    @Test
    void aWaveIsDueOnceItsFirstExpiryIsWithinRedistributeBeforeExpiry() {
        RenewalForecast forecast = planner.forecast(List.of(
                fleet("due", devices("d", 3, NOW.plus(Duration.ofDays(30)))),
                fleet("later", devices("l", 2, NOW.plus(Duration.ofDays(31))))), List.of());

        assertThat(forecast.due()).extracting(Redistribution::enrollment).containsExactly("due");
        assertThat(forecast.due().get(0).devices()).isEqualTo(3);
        assertThat(forecast.waves()).extracting(ExpiryWave::enrollment, ExpiryWave::status, ExpiryWave::devices)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("due", ExpiryWave.Status.DUE, 3),
                        org.assertj.core.groups.Tuple.tuple("later", ExpiryWave.Status.OK, 2));
        assertThat(forecast.waves().get(1).redistributeAt()).isEqualTo(NOW.plus(Duration.ofDays(1)));
    }

    @Test
    void expiriesAWeekApartOrMoreFormSeparateWaves() {
        List<DeviceCertificate> devices = new ArrayList<>(devices("a", 2, NOW.plus(Duration.ofDays(100))));
        devices.add(device("b", NOW.plus(Duration.ofDays(106))));
        devices.add(device("c", NOW.plus(Duration.ofDays(107))));

        RenewalForecast forecast = planner.forecast(List.of(fleet("e", devices)), List.of());

        assertThat(forecast.waves()).extracting(ExpiryWave::devices).containsExactly(3, 1);
        assertThat(forecast.waves().get(0).start()).isEqualTo(NOW.plus(Duration.ofDays(100)));
        assertThat(forecast.waves().get(0).end()).isEqualTo(NOW.plus(Duration.ofDays(106)));
        assertThat(forecast.due()).isEmpty();
    }

    @Test
    void withoutDeviceReportsTheDeploymentHistoryAndValidityGiveTheExpiry() {
        Instant deployed = NOW.minus(Duration.ofDays(340));
        EnrollmentFleet fleet = new EnrollmentFleet(okta("e"), profile("e"),
                new FleetSnapshot(List.of(), Optional.of(deployed), Optional.empty()), RedistributionBudget.DEFAULT);

        RenewalForecast forecast = planner.forecast(List.of(fleet), List.of());

        assertThat(forecast.waves()).singleElement().satisfies(w -> {
            assertThat(w.source()).isEqualTo(ExpiryWave.Source.DEPLOYMENT_HISTORY);
            assertThat(w.start()).isEqualTo(deployed.atOffset(ZoneOffset.UTC).plusYears(1).toInstant());
            assertThat(w.status()).isEqualTo(ExpiryWave.Status.DUE);
        });
        assertThat(forecast.due()).hasSize(1);
    }

    @Test
    void aRedistributionAfterTheCertificatesWereIssuedIsNotPlannedAgain() {
        Instant redistributed = NOW.minus(Duration.ofDays(2));
        RenewalForecast forecast = planner.forecast(List.of(
                fleet("e", devices("d", 4, NOW.plus(Duration.ofDays(10))), Optional.of(redistributed), RedistributionBudget.DEFAULT)),
                List.of());

        assertThat(forecast.due()).isEmpty();
        assertThat(forecast.waves()).singleElement().satisfies(w -> {
            assertThat(w.status()).isEqualTo(ExpiryWave.Status.REDISTRIBUTED);
            assertThat(w.redistributeAt()).isEqualTo(redistributed);
        });
    }

    @Test
    void aDeviceIssuedAfterTheLastRedistributionStillCounts() {
        Instant redistributed = NOW.minus(Duration.ofDays(400));
        RenewalForecast forecast = planner.forecast(List.of(
                fleet("e", devices("d", 2, NOW.plus(Duration.ofDays(10))), Optional.of(redistributed), RedistributionBudget.DEFAULT)),
                List.of());

        assertThat(forecast.due()).singleElement().extracting(Redistribution::devices).isEqualTo(2);
    }

    @Test
    void dueFleetsBeyondTheBudgetAreStaggeredMostUrgentFirst() {
        RedistributionBudget budget = new RedistributionBudget(5, 10, Duration.ofHours(1));
        RenewalForecast forecast = planner.forecast(List.of(
                fleet("c", devices("c", 3, NOW.plus(Duration.ofDays(20))), Optional.empty(), budget),
                fleet("a", devices("a", 3, NOW.plus(Duration.ofDays(5))), Optional.empty(), budget),
                fleet("b", devices("b", 2, NOW.plus(Duration.ofDays(10))), Optional.empty(), budget)), List.of());

        assertThat(forecast.due()).extracting(Redistribution::enrollment).containsExactly("a", "b");
        assertThat(forecast.due()).allSatisfy(r -> assertThat(r.batches()).isEqualTo(2));
        ExpiryWave scheduled = forecast.waves().stream().filter(w -> w.enrollment().equals("c")).findFirst().orElseThrow();
        assertThat(scheduled.status()).isEqualTo(ExpiryWave.Status.SCHEDULED);
        assertThat(scheduled.batch()).isEqualTo(2);
        assertThat(scheduled.redistributeAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void redistributionsInTheCurrentWindowUseUpItsBudget() {
        RedistributionBudget budget = new RedistributionBudget(5, 10, Duration.ofHours(1));
        Instant tenMinutesAgo = NOW.minus(Duration.ofMinutes(10));
        RenewalForecast forecast = planner.forecast(List.of(
                fleet("done", devices("x", 4, NOW.plus(Duration.ofDays(5))), Optional.of(tenMinutesAgo), budget),
                fleet("next", devices("n", 3, NOW.plus(Duration.ofDays(6))), Optional.empty(), budget)), List.of());

        assertThat(forecast.due()).isEmpty();
        ExpiryWave next = forecast.waves().stream().filter(w -> w.enrollment().equals("next")).findFirst().orElseThrow();
        assertThat(next.status()).isEqualTo(ExpiryWave.Status.SCHEDULED);
        assertThat(next.redistributeAt()).isEqualTo(tenMinutesAgo.plus(Duration.ofHours(1)));
    }

    @Test
    void aFleetLargerThanTheBudgetStillGoesAloneInItsBatch() {
        RedistributionBudget budget = new RedistributionBudget(5, 10, Duration.ofHours(1));
        RenewalForecast forecast = planner.forecast(List.of(
                fleet("big", devices("b", 9, NOW.plus(Duration.ofDays(1))), Optional.empty(), budget),
                fleet("small", devices("s", 1, NOW.plus(Duration.ofDays(2))), Optional.empty(), budget)), List.of());

        assertThat(forecast.due()).extracting(Redistribution::enrollment).containsExactly("big");
        assertThat(forecast.due().get(0).describe()).startsWith("9 devices expiring from 2027-10-02T00:00:00Z")
                .endsWith("1 wave, batch 1 of 2");
    }
}
