package io.scephub.core.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.model.CaSpec;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.RenewalPolicy;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.spi.Connector;
import io.scephub.core.testing.InMemoryFleetConnector;
import io.scephub.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The planner reads a fleet as a stream (it keeps only expiries and the devices a ring may select) and forecasts
 * exactly what it forecasts from the same fleet held in memory: waves, due redistributions, selected devices, notices.
 */
class StreamedForecastTest {
    private static final Instant T0 = Instant.parse("2027-10-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final ReenrolmentLog log = ReenrolmentLog.inMemory();
    private final RenewalPlanner planner = new RenewalPlanner(clock, log);

    /** 3,000 devices: expiries every 3 hours from 20 days ago (some expired) to about a year out; some issued lately. */
    private static List<DeviceCertificate> fleet() {
        List<DeviceCertificate> devices = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Instant expires = T0.minus(Duration.ofDays(20)).plus(Duration.ofHours(3L * i));
            devices.add(new DeviceCertificate("d" + i, "PC-" + (i % 7) + "-" + i, Optional.empty(),
                    Optional.of(expires.minus(Duration.ofDays(365 - (i % 50 == 0 ? 340 : 0)))), Optional.of(expires), Optional.empty()));
        }
        devices.add(new DeviceCertificate("no-dates", "PC-none", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        devices.add(new DeviceCertificate("delivered", "PC-delivered", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(T0.minus(Duration.ofDays(350)))));
        return devices;
    }

    private RenewalForecast streamed(EnrollmentSpec enrollment, InMemoryFleetConnector connector) {
        ActualResource profile = RenewalPlannerTest.profile(enrollment.name());
        connector.serves(enrollment.name(), profile.key());
        Map<String, Connector> connectors = Map.of("intune", connector);
        return planner.forecast(new DesiredState(Map.of(), List.of(enrollment)), connectors, key -> Optional.of(profile));
    }

    private RenewalForecast inMemory(EnrollmentSpec enrollment, List<DeviceCertificate> devices, boolean perDevice,
                                     Optional<Instant> redistributed) {
        EnrollmentFleet fleet = new EnrollmentFleet(enrollment, RenewalPlannerTest.profile(enrollment.name()),
                new FleetSnapshot(devices, Optional.empty(), redistributed), RedistributionBudget.DEFAULT, perDevice);
        return planner.forecast(List.of(fleet), List.of());
    }

    @Test
    void aStreamedPerDeviceFleetGetsTheSameWavesRingsAndNoticesAsTheListInMemory() {
        RenewalPolicy policy = new RenewalPolicy(Duration.ofDays(30), Optional.of(new RenewalPolicy.Canary(List.of(), 10)),
                Duration.ofHours(2), Optional.of(new RenewalPolicy.Budget(40, Duration.ofHours(1))), 1);
        EnrollmentSpec enrollment = RenewalPlannerTest.enrollment("e", new CaSpec.OktaCa(), Optional.of(policy));
        List<DeviceCertificate> devices = fleet();
        log.record("e", List.of("d3", "d4", "d5"), T0.minus(Duration.ofHours(3)));
        InMemoryFleetConnector connector = new InMemoryFleetConnector("intune").reenrolsPerDevice(true).streamsOnly();
        connector.reports(RenewalPlannerTest.profile("e").key(), devices);

        int pushes = 0;
        for (int hour = 0; hour < 8; hour++) {
            RenewalForecast streamed = streamed(enrollment, connector);
            RenewalForecast whole = inMemory(enrollment, devices, true, Optional.empty());

            assertThat(streamed).isEqualTo(whole);
            for (Redistribution r : streamed.due()) {
                planner.recordPushed(r);
                pushes++;
                // Pushed devices enrol again, except every fifth one, which stays stuck on its old certificate.
                Instant now = clock.instant();
                devices.replaceAll(d -> r.deviceIds().contains(d.deviceId()) && d.deviceId().hashCode() % 5 != 0
                        ? new DeviceCertificate(d.deviceId(), d.deviceName(), Optional.empty(), Optional.of(now),
                                Optional.of(now.plus(Duration.ofDays(365))), Optional.of(now))
                        : d);
            }
            connector.reports(RenewalPlannerTest.profile("e").key(), devices);
            clock.advance(Duration.ofHours(1));
        }
        assertThat(pushes).as("the canary, then budget-sized pushes after the pause").isGreaterThanOrEqualTo(3);
    }

    @Test
    void aStreamedWholeProfileFleetGetsTheSameWavesAsTheListInMemoryCoveredOrNot() {
        EnrollmentSpec enrollment = RenewalPlannerTest.okta("w");
        List<DeviceCertificate> devices = fleet();
        InMemoryFleetConnector connector = new InMemoryFleetConnector("intune").streamsOnly();
        connector.reports(RenewalPlannerTest.profile("w").key(), devices);

        RenewalForecast before = streamed(enrollment, connector);
        assertThat(before).isEqualTo(inMemory(enrollment, devices, false, Optional.empty()));
        assertThat(before.waves()).hasSizeGreaterThan(40);
        assertThat(before.waves().stream().mapToInt(ExpiryWave::devices).sum()).isEqualTo(devices.size() - 1);

        connector.redistribute(RenewalPlannerTest.profile("w"), before.due().get(0));
        RenewalForecast after = streamed(enrollment, connector);
        assertThat(after).isEqualTo(inMemory(enrollment, devices, false, Optional.of(T0)));
        assertThat(after.waves()).anyMatch(w -> w.status() == ExpiryWave.Status.REDISTRIBUTED);
    }
}
