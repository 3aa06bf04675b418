package io.scephub.hub.check;

import io.scephub.core.check.CheckResult;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.OwnedIndex;
import io.scephub.core.resource.OwnershipMarker;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.scep.ScepEndpointCheck;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.ReadRequest;
import io.scephub.core.spi.EnrollmentCheck;
import io.scephub.hub.HubSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code validate --online}: reads every open connector once, then lets each connector that can
 * ({@link EnrollmentCheck}) check the enrollments it serves, and checks each enrollment's SCEP URL
 * with the SCEP protocol ({@link ScepUrlChecks}). Results come back grouped by enrollment, in
 * configuration order.
 */
public final class OnlineValidation {
    private final HubSession session;

    public OnlineValidation(HubSession session) {
        this.session = session;
    }

    public List<CheckResult> run() {
        DesiredState state = session.config().desired();
        List<OwnedIndex.Duplicate> duplicates = new ArrayList<>();
        Map<ResourceKey, ActualResource> actual = readAll(session.connectors(), state, duplicates);
        List<CheckResult> results = new ArrayList<>();
        for (OwnedIndex.Duplicate duplicate : duplicates) {
            results.add(duplicateFailure(duplicate));
        }
        for (Connector connector : session.connectors().values()) {
            if (connector instanceof EnrollmentCheck check) {
                results.addAll(check.checkEnrollments(state, actual));
            }
        }
        ScepUrlChecks scep = new ScepUrlChecks(new ScepEndpointCheck(session.http()));
        for (EnrollmentSpec enrollment : state.enrollments()) {
            results.addAll(scep.check(enrollment.name(), enrollment, session.connectors(), actual));
        }
        List<String> order = state.enrollments().stream().map(e -> e.name()).toList();
        results.sort(Comparator.comparingInt(r -> order.indexOf(r.subject())));
        return results;
    }

    /** Everything the connectors own, by key; each is asked, as before a plan, for what it expands the desired state to. */
    static Map<ResourceKey, ActualResource> readAll(Map<String, Connector> connectors, DesiredState state) {
        return readAll(connectors, state, new ArrayList<>());
    }

    /** Like {@link #readAll(Map, DesiredState)}, adding every object that carries another one's marker to {@code duplicates}. */
    static Map<ResourceKey, ActualResource> readAll(Map<String, Connector> connectors, DesiredState state,
                                                    List<OwnedIndex.Duplicate> duplicates) {
        Map<ResourceKey, ActualResource> actual = new LinkedHashMap<>();
        for (Connector connector : connectors.values()) {
            ReadResult read = connector.read(ReadRequest.of(connector, state));
            read.resources().forEach(resource -> actual.put(resource.key(), resource));
            duplicates.addAll(read.duplicates());
        }
        return actual;
    }

    /** Two objects with one marker: scephub manages the first, and a second may be a leftover of a duplicated create. */
    private static CheckResult duplicateFailure(OwnedIndex.Duplicate duplicate) {
        return CheckResult.fail(duplicate.key().name(), "ownership.unique-marker", duplicate.key() + " is carried by more than one "
                + "object: " + duplicate.managedId() + " (managed) and " + duplicate.vendorId(), "delete object "
                + duplicate.vendorId() + " (or remove its marker " + OwnershipMarker.of(duplicate.key()) + ") in the vendor's console");
    }
}
