package io.scephub.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated desired state the connectors reconcile towards: each configured connector's
 * settings (by connector id) and the enrollments.
 */
public record DesiredState(Map<String, ConnectorSettings> connectors, List<EnrollmentSpec> enrollments) {
    public DesiredState {
        connectors = Map.copyOf(connectors);
        enrollments = List.copyOf(enrollments);
    }

    public Optional<ConnectorSettings> connector(String id) {
        return Optional.ofNullable(connectors.get(id));
    }

    /** The enrollments the MDM {@code mdm} delivers, in configuration order. */
    public List<EnrollmentSpec> enrollmentsOn(String mdm) {
        return enrollments.stream().filter(e -> mdm.equals(e.mdm())).toList();
    }

    public Optional<EnrollmentSpec> enrollment(String name) {
        return enrollments.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
