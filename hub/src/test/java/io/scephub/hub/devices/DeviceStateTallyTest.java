package io.scephub.hub.devices;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.check.DeliveryState;
import io.scephub.core.devices.CertificateState;
import io.scephub.core.devices.DeviceStatus;
import io.scephub.hub.state.DeviceStateCounts;
import io.scephub.hub.state.StuckDeviceRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceStateTallyTest {
    static final Instant NOW = Instant.parse("2030-06-01T00:00:00Z");

    @Test
    void devicesAreCountedByDeliveryFirstThenByTheirCertificatesExpiry() {
        DeviceStateTally tally = new DeviceStateTally(NOW, Duration.ofDays(30));
        tally.accept(device(DeliveryState.INSTALLED, NOW.plus(Duration.ofDays(200))));
        tally.accept(device(DeliveryState.INSTALLED, NOW.plus(Duration.ofDays(31))));
        tally.accept(device(DeliveryState.INSTALLED, NOW.plus(Duration.ofDays(30))));
        tally.accept(device(DeliveryState.INSTALLED, NOW.plus(Duration.ofDays(1))));
        tally.accept(device(DeliveryState.INSTALLED, NOW));
        tally.accept(device(DeliveryState.INSTALLED, NOW.minus(Duration.ofDays(3))));
        tally.accept(device(DeliveryState.PENDING, NOW.minus(Duration.ofDays(3))));
        tally.accept(device(DeliveryState.FAILED, NOW.plus(Duration.ofDays(200))));
        tally.accept(device(DeliveryState.FAILED, null));
        tally.accept(device(DeliveryState.INSTALLED, null));
        tally.accept(device(DeliveryState.NOT_APPLICABLE, null));

        assertThat(tally.counts("win", "intune", "run-1")).isEqualTo(new DeviceStateCounts.Counts("win", "intune", "run-1", NOW,
                2, 2, 2, 1, 2, 2));
    }

    @Test
    void stuckDevicesAreKeptUpToTheLimitAndAllCounted() {
        DeviceStateTally tally = new DeviceStateTally(NOW, Duration.ofDays(30));
        tally.accept(device(DeliveryState.INSTALLED, NOW.plus(Duration.ofDays(200))));
        int stuck = StuckDeviceRecords.KEEP + 3;
        for (int i = 0; i < stuck; i++) {
            tally.accept(new DeviceStatus("win", "intune", "id-" + i, "PC-" + i, Optional.empty(), DeliveryState.INSTALLED, "status",
                    Optional.empty(), Optional.empty(), "last report old; " + StuckDevices.STUCK + "pushed 3 times"));
        }

        assertThat(tally.stuck("run-1")).hasSize(StuckDeviceRecords.KEEP).allSatisfy(s -> {
            assertThat(s.total()).isEqualTo(stuck);
            assertThat(s.detail()).isEqualTo(StuckDevices.STUCK + "pushed 3 times");
            assertThat(s.runId()).isEqualTo("run-1");
            assertThat(s.recordedAt()).isEqualTo(NOW);
        });
        assertThat(tally.stuck("run-1").get(0).deviceName()).isEqualTo("PC-0");
        assertThat(tally.counts("win", "intune", "run-1").total()).as("stuck devices are counted in their states too").isEqualTo(stuck + 1);
    }

    private static DeviceStatus device(DeliveryState delivery, Instant expires) {
        Optional<CertificateState> certificate = Optional.ofNullable(expires).map(e -> new CertificateState(Optional.of("issued"),
                Optional.of(e.minus(Duration.ofDays(365))), Optional.of(e), Optional.empty(), Optional.empty(), Optional.empty()));
        return new DeviceStatus("win", "intune", "id", "PC", Optional.empty(), delivery, "status", Optional.empty(), certificate, "");
    }
}
