package io.scephub.core.renewal;

import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.resource.ActualResource;

/** The renewal planner's input for one enrollment: its spec, its profile as read, and that profile's fleet. */
public record EnrollmentFleet(EnrollmentSpec enrollment, ActualResource profile, FleetSnapshot snapshot,
                              RedistributionBudget budget) {
}
