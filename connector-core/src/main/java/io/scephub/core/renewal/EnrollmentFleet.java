package io.scephub.core.renewal;

import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.resource.ActualResource;

/**
 * The renewal planner's input for one enrollment: its spec, its profile as read, and that profile's fleet.
 *
 * @param perDevice whether the MDM re-enrols single devices (then the policy's rings select them)
 */
public record EnrollmentFleet(EnrollmentSpec enrollment, ActualResource profile, FleetSnapshot snapshot,
                              RedistributionBudget budget, boolean perDevice) {

    /** A fleet whose MDM redistributes the whole profile. */
    public EnrollmentFleet(EnrollmentSpec enrollment, ActualResource profile, FleetSnapshot snapshot, RedistributionBudget budget) {
        this(enrollment, profile, snapshot, budget, false);
    }
}
