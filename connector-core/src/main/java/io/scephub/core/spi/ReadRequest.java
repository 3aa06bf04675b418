package io.scephub.core.spi;

import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.resource.Resource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the engine asks one connector to look for: the desired state and the resources the
 * connector expanded from it. A read depends on nothing else, so a connector keeps no desired
 * state between calls.
 */
public record ReadRequest(DesiredState state, List<Resource> desired) {
    private static final ReadRequest NOTHING = new ReadRequest(new DesiredState(Map.of(), List.of()), List.of());

    public ReadRequest {
        Objects.requireNonNull(state, "state");
        desired = List.copyOf(desired);
    }

    /** What the engine passes: {@code state} expanded by {@code connector}. */
    public static ReadRequest of(Connector connector, DesiredState state) {
        return new ReadRequest(state, connector.desiredResources(state));
    }

    /** Nothing desired: the read only lists what the connector owns. */
    public static ReadRequest nothing() {
        return NOTHING;
    }

    /** The enrollments delivered by the MDM {@code mdm}, in configuration order. */
    public List<EnrollmentSpec> enrollments(String mdm) {
        return state.enrollmentsOn(mdm);
    }

    /** The string values of {@code attribute} over the desired resources (e.g. the names the objects will have). */
    public Set<String> strings(String attribute) {
        Set<String> values = new LinkedHashSet<>();
        desired.forEach(r -> {
            if (r.attributes().get(attribute) instanceof String s) {
                values.add(s);
            }
        });
        return Set.copyOf(values);
    }
}
