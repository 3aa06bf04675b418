package io.scephub.hub.devices;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.check.DeliveryState;
import io.scephub.core.devices.CertificateState;
import io.scephub.core.devices.DeviceStatus;
import io.scephub.core.model.CaSpec;
import io.scephub.core.model.CertificateSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.GroupScope;
import io.scephub.core.model.Platform;
import io.scephub.core.model.RenewalPolicy;
import io.scephub.core.renewal.ReenrolmentLog;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** status devices marks a device stuck exactly when it was pushed more than maxRepush times since its certificate was issued. */
class StuckDevicesTest {
    private static final Instant NOW = Instant.parse("2027-10-01T00:00:00Z");
    private static final Instant ISSUED = NOW.minus(Duration.ofDays(340));

    private static EnrollmentSpec enrollment() {
        CertificateSpec certificate = new CertificateSpec("CN=x", List.of(), 2048, "sha256", Set.of(), List.of(), Period.ofYears(1), 20);
        return new EnrollmentSpec("ws1", Platform.WINDOWS, "workspaceone", ChallengeType.STATIC, new CaSpec.OktaCa(), certificate,
                new GroupScope(List.of("g"), List.of()), Optional.of(new RenewalPolicy(Duration.ofDays(30), Optional.empty(), Duration.ZERO,
                Optional.empty(), 1)), Optional.empty());
    }

    private static DeviceStatus row(String id) {
        return new DeviceStatus("ws1", "workspaceone", id, "PC-" + id, Optional.empty(), DeliveryState.FAILED, "status 6",
                Optional.empty(), Optional.of(new CertificateState(Optional.empty(), Optional.of(ISSUED), Optional.of(ISSUED.plus(Duration.ofDays(365))),
                Optional.empty(), Optional.empty(), Optional.empty())), "");
    }

    @Test
    void onlyADevicePushedMoreThanMaxRepushTimesSinceItsCertificateIsMarked() {
        ReenrolmentLog log = ReenrolmentLog.inMemory();
        log.record("ws1", List.of("stuck", "once"), NOW.minus(Duration.ofHours(2)));
        log.record("ws1", List.of("stuck"), NOW.minus(Duration.ofHours(1)));
        log.record("ws1", List.of("old"), ISSUED.minus(Duration.ofDays(1)));
        log.record("ws1", List.of("old"), ISSUED.minus(Duration.ofDays(2)));
        List<DeviceStatus> out = new ArrayList<>();
        List<String> notices = new ArrayList<>();

        var marking = new StuckDevices(List.of(enrollment()), log, NOW, notices::add).marking(out::add);
        List.of("stuck", "once", "old").forEach(id -> marking.accept(row(id)));

        assertThat(out).extracting(DeviceStatus::detail).containsExactly(
                "renewal stuck: pushed 2 times since its certificate was issued without re-enrolling (maxRepush 1); not pushed again", "", "");
        assertThat(notices).isEmpty();
    }

    @Test
    void anUnreadableRecordLeavesRowsUnmarkedAndSaysSoOnce() {
        ReenrolmentLog broken = new ReenrolmentLog() {
            @Override
            public List<Push> since(String enrollment, Instant since) {
                throw new IllegalStateException("database locked");
            }

            @Override
            public void record(String enrollment, Collection<String> deviceIds, Instant at) {
            }
        };
        List<DeviceStatus> out = new ArrayList<>();
        List<String> notices = new ArrayList<>();

        var marking = new StuckDevices(List.of(enrollment()), broken, NOW, notices::add).marking(out::add);
        marking.accept(row("a"));
        marking.accept(row("b"));

        assertThat(out).extracting(DeviceStatus::detail).containsExactly("", "");
        assertThat(notices).singleElement().asString().contains("database locked").contains("stuck devices are not marked");
    }
}
