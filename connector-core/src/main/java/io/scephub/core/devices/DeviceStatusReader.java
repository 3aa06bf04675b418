package io.scephub.core.devices;

import io.scephub.core.error.ScephubException;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.DeviceStatusReport;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Streams the per-device status of every enrollment (or one) from the MDM connectors that report it.
 * An enrollment whose profile does not exist yet, or whose MDM cannot report devices, is a notice.
 */
public final class DeviceStatusReader {
    private final Map<String, Connector> connectors;

    public DeviceStatusReader(Map<String, Connector> connectors) {
        this.connectors = Map.copyOf(connectors);
    }

    /**
     * Hands every device of the selected enrollments to {@code sink}, enrollment by enrollment in
     * configuration order, and each notice to {@code notices}.
     *
     * @throws UnknownEnrollment if {@code only} names no enrollment of {@code state}
     */
    public void read(DesiredState state, Optional<String> only, Consumer<DeviceStatus> sink, Consumer<String> notices) {
        Objects.requireNonNull(sink, "sink");
        List<EnrollmentSpec> selected = state.enrollments().stream()
                .filter(e -> only.map(e.name()::equals).orElse(true)).toList();
        if (only.isPresent() && selected.isEmpty()) {
            throw new UnknownEnrollment(only.get(), state.enrollments().stream().map(EnrollmentSpec::name).toList());
        }
        for (EnrollmentSpec enrollment : selected) {
            Connector connector = connectors.get(enrollment.mdm());
            if (!(connector instanceof DeviceStatusReport report)) {
                notices.accept("enrollment " + enrollment.name() + ": the '" + enrollment.mdm() + "' connector "
                        + (connector == null ? "is not configured" : "cannot report devices"));
                continue;
            }
            Optional<ResourceKey> key = report.statusProfile(enrollment);
            Optional<ActualResource> profile = key.flatMap(connector::findOwned);
            if (profile.isEmpty()) {
                notices.accept("enrollment " + enrollment.name() + ": no profile " + key.map(String::valueOf).orElse("")
                        + " at " + enrollment.mdm() + " yet; run scephub apply first");
                continue;
            }
            report.deviceStatuses(enrollment, profile.get(), sink);
        }
    }

    /** {@code --enrollment} or {@code ?enrollment=} named an enrollment scephub.yaml does not define. */
    public static final class UnknownEnrollment extends ScephubException {
        public UnknownEnrollment(String name, List<String> known) {
            super("UNKNOWN_ENROLLMENT", "enrollment \"" + name + "\" is not defined in the configuration; expected one of "
                    + (known.isEmpty() ? "(none)" : String.join(", ", known)), null);
        }
    }
}
