package io.scephub.hub.devices;

import io.scephub.core.devices.CertificateState;
import io.scephub.core.devices.DeviceStatus;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.RenewalPolicy;
import io.scephub.core.renewal.ReenrolmentLog;
import io.scephub.core.renewal.RenewalPlanner;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Adds to {@code status devices} what the renewal rings know: a device pushed more than its policy's
 * {@code maxRepush} allows since its certificate was issued, still holding that certificate, is stuck and
 * says so in its detail. The pushes of an enrollment are read once, on its first row.
 */
public final class StuckDevices {
    /** How a stuck device's detail starts; the device state recorder picks stuck devices out by it. */
    public static final String STUCK = "renewal stuck: ";
    private final Map<String, EnrollmentSpec> enrollments = new HashMap<>();
    private final ReenrolmentLog log;
    private final Instant now;
    private final Map<String, Map<String, List<Instant>>> pushes = new HashMap<>();
    private final Consumer<String> notices;

    /** @param notices told once per enrollment when its record of pushes cannot be read (its rows then go unmarked) */
    public StuckDevices(List<EnrollmentSpec> enrollments, ReenrolmentLog log, Instant now, Consumer<String> notices) {
        enrollments.stream().filter(RenewalPlanner::applies).forEach(e -> this.enrollments.put(e.name(), e));
        this.log = log;
        this.now = now;
        this.notices = notices;
    }

    /** {@code sink}, with stuck devices marked. */
    public Consumer<DeviceStatus> marking(Consumer<DeviceStatus> sink) {
        return d -> sink.accept(mark(d));
    }

    DeviceStatus mark(DeviceStatus d) {
        EnrollmentSpec enrollment = enrollments.get(d.enrollment());
        if (enrollment == null) {
            return d;
        }
        List<Instant> pushed = pushesOf(enrollment).get(d.deviceId());
        if (pushed == null) {
            // Most devices were never pushed: no stream per row of a 100,000-device listing.
            return d;
        }
        RenewalPolicy policy = enrollment.renewal().orElseThrow();
        Instant issued = d.certificate().flatMap(CertificateState::issuedAt).orElse(Instant.MIN);
        List<Instant> mine = pushed.stream().filter(t -> !t.isBefore(issued)).toList();
        if (mine.size() <= policy.maxRepush()) {
            return d;
        }
        String stuck = STUCK + "pushed " + mine.size() + " times since its certificate was issued without re-enrolling (maxRepush "
                + policy.maxRepush() + "); not pushed again";
        return new DeviceStatus(d.enrollment(), d.mdm(), d.deviceId(), d.deviceName(), d.serialNumber(), d.delivery(), d.vendorStatus(),
                d.lastReported(), d.certificate(), d.detail().isEmpty() ? stuck : d.detail() + "; " + stuck);
    }

    private Map<String, List<Instant>> pushesOf(EnrollmentSpec enrollment) {
        return pushes.computeIfAbsent(enrollment.name(), name -> {
            Instant since = now.atOffset(ZoneOffset.UTC).minus(enrollment.certificate().validity()).toInstant();
            Map<String, List<Instant>> byDevice = new HashMap<>();
            try {
                log.since(name, since).forEach(p -> byDevice.computeIfAbsent(p.deviceId(), k -> new java.util.ArrayList<>()).add(p.at()));
            } catch (RuntimeException e) {
                notices.accept("renewal: could not read the record of pushed devices of enrollment " + name + ": " + e.getMessage()
                        + "; stuck devices are not marked");
            }
            return byDevice;
        });
    }
}
