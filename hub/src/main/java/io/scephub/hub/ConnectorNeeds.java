package io.scephub.hub;

import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.renewal.RenewalPlanner;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which configured connectors a session opens. Plans, applies and checks need all of them; a read of
 * devices or certificate fleets needs only the MDMs its enrollments name, so it opens no other
 * vendor's client, token or kept reads (an Intune read does not start Okta, Jamf or Workspace ONE).
 */
public sealed interface ConnectorNeeds permits ConnectorNeeds.All, ConnectorNeeds.MdmsOf {

    /** Whether the session opens the connector {@code id} for {@code state}. */
    boolean opens(String id, DesiredState state);

    /**
     * Whether the session only reads devices or fleets: its connectors' kept reads then open the state store when
     * first used, not when the connector opens.
     */
    boolean readsOnly();

    /**
     * Whether a session that only reads will read the renewal rings' record of pushed devices from the state store:
     * some enrollment it reads has Okta as the CA and a renewal policy ({@code status devices} marks its stuck devices,
     * the forecast's rings keep their budget by it). Such a session opens an existing store ahead, while it pages.
     */
    boolean readsPushes(DesiredState state);

    /** Every configured connector: plan, apply, sync and the checks. */
    static ConnectorNeeds all() {
        return All.INSTANCE;
    }

    /** {@code status devices} (and {@code GET /api/v1/devices}): the MDMs of the enrollment read, or of all of them. */
    static ConnectorNeeds deviceReads(Optional<String> enrollment) {
        Objects.requireNonNull(enrollment, "enrollment");
        return new MdmsOf(e -> enrollment.map(e.name()::equals).orElse(true));
    }

    /** {@code renewal forecast}: the MDMs of the enrollments the renewal gap applies to (Okta as the CA, a renewal policy). */
    static ConnectorNeeds renewalForecast() {
        return new MdmsOf(RenewalPlanner::applies);
    }

    /** Every configured connector. */
    enum All implements ConnectorNeeds {
        INSTANCE;

        @Override
        public boolean opens(String id, DesiredState state) {
            return true;
        }

        @Override
        public boolean readsOnly() {
            return false;
        }

        /** Such a session opens the store with its connectors anyway (their kept reads). */
        @Override
        public boolean readsPushes(DesiredState state) {
            return false;
        }
    }

    /** The connectors some enrollment {@code read} selects names as its MDM. */
    record MdmsOf(Predicate<EnrollmentSpec> read) implements ConnectorNeeds {
        public MdmsOf {
            Objects.requireNonNull(read, "read");
        }

        @Override
        public boolean opens(String id, DesiredState state) {
            return state.enrollments().stream().anyMatch(e -> read.test(e) && e.mdm().equals(id));
        }

        @Override
        public boolean readsOnly() {
            return true;
        }

        @Override
        public boolean readsPushes(DesiredState state) {
            return state.enrollments().stream().anyMatch(e -> read.test(e) && RenewalPlanner.applies(e));
        }
    }
}
