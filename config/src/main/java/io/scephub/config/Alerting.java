package io.scephub.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How syncs treat drift and whom scephub tells: the default drift mode ({@code sync.driftMode}), the
 * per-enrollment modes ({@code enrollments[].driftMode}), the webhooks ({@code notifications:}) and
 * how early expiring credentials are reported ({@code expiry.warnBefore}).
 */
public record Alerting(DriftMode driftMode, Map<String, DriftMode> enrollmentModes, List<NotificationTarget> notifications,
                       Duration expiryWarning) {
    /** A month: enough to renew a client secret or a CA through a change process. */
    public static final Duration DEFAULT_EXPIRY_WARNING = Duration.ofDays(30);
    public static final Alerting DEFAULTS = new Alerting(DriftMode.REMEDIATE, Map.of(), List.of(), DEFAULT_EXPIRY_WARNING);

    public Alerting {
        enrollmentModes = Map.copyOf(enrollmentModes);
        notifications = List.copyOf(notifications);
    }

    /** The mode of enrollment {@code name}: its own, else the global one. */
    public DriftMode modeOf(String enrollment) {
        return enrollmentModes.getOrDefault(enrollment, driftMode);
    }
}
