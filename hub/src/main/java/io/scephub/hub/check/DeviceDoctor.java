package io.scephub.hub.check;

import io.scephub.core.cert.InspectedFile;
import io.scephub.core.check.CheckResult;
import io.scephub.core.check.DeliveryState;
import io.scephub.core.check.DeviceCertificateChecks;
import io.scephub.core.check.DeviceProfileStatus;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.renewal.RenewalPlanner;
import io.scephub.core.scep.ScepEndpointCheck;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.DeviceTriage;
import io.scephub.core.spi.EnrollmentCheck;
import io.scephub.core.spi.TrustedChainSource;
import io.scephub.hub.HubSession;
import io.scephub.hub.state.StuckDeviceRecords;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code doctor}: the field guide's three checks for one device, in its order — did the MDM push
 * the profile, does Okta hold the right chain (and does its SCEP URL answer with it by the SCEP
 * protocol, and does the device certificate chain to it), does
 * the certificate carry the Okta Device Access extension and client-authentication EKU.
 */
public final class DeviceDoctor {
    static final String PUSHED = "Profile pushed to the device?";
    static final String CHAIN = "Chain trusted by Okta?";
    static final String EKU = "Certificate has the ODA extension and EKU?";
    /** States that say the device is not this enrollment's: another enrollment may fit better. */
    private static final Set<DeliveryState> NOT_THIS_ENROLLMENT = EnumSet.of(DeliveryState.NOT_APPLICABLE,
            DeliveryState.NOT_ASSIGNED, DeliveryState.NO_STATUS, DeliveryState.PROFILE_MISSING);

    private final HubSession session;
    private final DeviceCertificateChecks certificateChecks;

    public DeviceDoctor(HubSession session, Clock clock) {
        this.session = session;
        this.certificateChecks = new DeviceCertificateChecks(clock);
    }

    /**
     * Runs the three checks. {@code enrollmentName} empty means: the enrollment whose MDM has the
     * profile on the device. {@code certificate} is the device's exported certificate, if given.
     *
     * @throws IllegalArgumentException when the enrollment is unknown or no configured MDM can look up devices
     */
    public DoctorReport diagnose(String device, Optional<String> enrollmentName, Optional<InspectedFile> certificate) {
        DesiredState state = session.config().desired();
        Map<String, Connector> connectors = session.connectors();
        List<EnrollmentSpec> candidates = candidates(state, connectors, enrollmentName);
        EnrollmentSpec chosen = candidates.get(0);
        Optional<DeviceProfileStatus> status = Optional.empty();
        for (EnrollmentSpec enrollment : candidates) {
            Optional<DeviceProfileStatus> found = ((DeviceTriage) connectors.get(enrollment.mdm())).deviceStatus(device, enrollment);
            if (found.isPresent() && (status.isEmpty() || NOT_THIS_ENROLLMENT.contains(status.get().state()))) {
                boolean better = status.isEmpty() || !NOT_THIS_ENROLLMENT.contains(found.get().state());
                if (better) {
                    status = found;
                    chosen = enrollment;
                }
            }
        }
        List<DoctorStep> steps = new ArrayList<>();
        List<CheckResult> delivered = new ArrayList<>(List.of(pushed(device, chosen, status)));
        stuck(device, chosen, status).ifPresent(delivered::add);
        steps.add(new DoctorStep(1, PUSHED, delivered));
        steps.add(new DoctorStep(2, CHAIN, chain(device, chosen, connectors, certificate)));
        steps.add(new DoctorStep(3, EKU, certificate
                .map(file -> certificateChecks.extensionAndEku(device, file))
                .orElseGet(() -> List.of(CheckResult.skipped(device, "certificate.not-given", "no device certificate given: "
                        + "export it from the device (Windows: Local Computer > Personal > Certificates; macOS: System "
                        + "keychain) and pass it with --cert FILE")))));
        return new DoctorReport(status.map(DeviceProfileStatus::deviceName).orElse(device), chosen.name(), chosen.mdm(), steps);
    }

    private static List<EnrollmentSpec> candidates(DesiredState state, Map<String, Connector> connectors, Optional<String> name) {
        if (name.isPresent()) {
            EnrollmentSpec enrollment = state.enrollment(name.get()).orElseThrow(() -> new IllegalArgumentException(
                    "--enrollment: \"" + name.get() + "\" is not in the configuration; expected one of "
                            + String.join(", ", state.enrollments().stream().map(EnrollmentSpec::name).toList())));
            if (!(connectors.get(enrollment.mdm()) instanceof DeviceTriage)) {
                throw new IllegalArgumentException("enrollment " + enrollment.name() + ": the " + enrollment.mdm()
                        + " connector cannot look up devices yet; check the device in the " + enrollment.mdm() + " console");
            }
            return List.of(enrollment);
        }
        List<EnrollmentSpec> candidates = state.enrollments().stream()
                .filter(e -> connectors.get(e.mdm()) instanceof DeviceTriage).toList();
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no enrollment's MDM connector can look up devices (configured: "
                    + String.join(", ", state.enrollments().stream().map(e -> e.name() + " on " + e.mdm()).toList()) + ")");
        }
        return candidates;
    }

    private static CheckResult pushed(String device, EnrollmentSpec enrollment, Optional<DeviceProfileStatus> found) {
        String name = "mdm.profile-delivered";
        String mdm = enrollment.mdm();
        String scope = "the device is in " + enrollment.groups().include()
                + (enrollment.groups().exclude().isEmpty() ? "" : " and not in " + enrollment.groups().exclude());
        if (found.isEmpty()) {
            return CheckResult.fail(device, name, mdm + " knows no device named " + device + " or with that serial number",
                    "Check the device name or serial in the " + mdm + " console and that the device is enrolled");
        }
        DeviceProfileStatus status = found.get();
        String on = "profile \"" + status.profileName() + "\" on " + status.deviceName()
                + status.serialNumber().map(s -> " (serial " + s + ")").orElse("");
        String reported = status.lastReported().map(t -> ", last reported " + t).orElse("");
        return switch (status.state()) {
            case INSTALLED -> CheckResult.pass(device, name, mdm + " reports " + on + " as " + status.vendorStatus() + " (installed)" + reported);
            case PENDING -> CheckResult.fail(device, name, mdm + " reports " + on + " as " + status.vendorStatus() + " (not installed yet)" + reported,
                    "Sync the device from " + mdm + " and wait for it to check in; if it stays pending, check " + scope);
            case FAILED -> CheckResult.fail(device, name, mdm + " reports " + on + " as " + status.vendorStatus() + " (install failed)" + reported,
                    "Re-push the profile (sync the device) and read the device's error for the profile in " + mdm
                            + "; a failing SCEP request usually means the device cannot reach Okta's SCEP URL or Okta refused the challenge");
            case NOT_APPLICABLE -> CheckResult.fail(device, name, mdm + " reports " + on + " as not applicable" + reported,
                    "The profile is for " + enrollment.platform().configName() + " devices: check the device's platform, or pass --enrollment for the right enrollment");
            case NOT_ASSIGNED, NO_STATUS -> CheckResult.fail(device, name, mdm + " has no status for " + on + " (never targeted)",
                    "Check " + scope + ", then sync the device");
            case PROFILE_MISSING -> CheckResult.fail(device, name, mdm + " has no scephub SCEP profile for enrollment " + enrollment.name(),
                    "Run scephub plan, then scephub apply");
        };
    }

    /**
     * A FAIL when the last recorded sync found the device stuck in its enrollment's renewal rings (pushed more than
     * {@code maxRepush} times without re-enrolling); nothing for an enrollment without a renewal policy or a device not stuck.
     */
    private Optional<CheckResult> stuck(String device, EnrollmentSpec enrollment, Optional<DeviceProfileStatus> status) {
        if (!RenewalPlanner.applies(enrollment)) {
            return Optional.empty();
        }
        String name = "renewal.stuck";
        List<StuckDeviceRecords.Stuck> recorded;
        try {
            recorded = session.stuckDevices();
        } catch (RuntimeException e) {
            return Optional.of(CheckResult.skipped(device, name, "cannot read the record of stuck devices: " + e.getMessage()));
        }
        return recorded.stream().filter(s -> s.enrollment().equals(enrollment.name()))
                .filter(s -> status.map(d -> d.deviceId().equals(s.deviceId())).orElse(false) || s.deviceName().equalsIgnoreCase(device))
                .findFirst()
                .map(s -> CheckResult.fail(device, name, "the sync at " + s.recordedAt() + " found " + s.deviceName() + " " + s.detail(),
                        "The device did not install the profile again when scephub pushed it: check that it is online and processes "
                                + "MDM commands (" + enrollment.mdm() + " console: the device's pending and failed commands), then push the "
                                + "profile to it by hand there; scephub does not push it again before its certificate changes"));
    }

    private List<CheckResult> chain(String device, EnrollmentSpec enrollment, Map<String, Connector> connectors,
                                    Optional<InspectedFile> certificate) {
        List<CheckResult> results = new ArrayList<>();
        DesiredState only = new DesiredState(session.config().desired().connectors(), List.of(enrollment));
        for (Connector connector : connectors.values()) {
            if (!(connector instanceof TrustedChainSource source)) {
                continue;
            }
            var actual = OnlineValidation.readAll(Map.of(connector.id(), connector), only);
            if (connector instanceof EnrollmentCheck check) {
                check.checkEnrollments(only, actual).stream()
                        .map(r -> new CheckResult(device, r.name(), r.status(), r.message(), r.nextStep()))
                        .forEach(results::add);
            }
            results.addAll(new ScepUrlChecks(new ScepEndpointCheck(session.http()))
                    .check(device, enrollment, Map.of(connector.id(), connector), actual));
            if (certificate.isPresent()) {
                Optional<X509Certificate> leaf = DeviceCertificateChecks.deviceCertificate(certificate.get());
                if (leaf.isPresent()) {
                    results.add(certificateChecks.chainsTo(device, leaf.get(), source.trustedChain(enrollment)));
                }
            }
        }
        if (results.isEmpty()) {
            results.add(CheckResult.skipped(device, "okta.not-configured", "no identity connector that holds a CA chain is open"));
        }
        return results;
    }
}
