package io.scephub.intune;

import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.resource.Resource;
import java.util.ArrayList;
import java.util.List;

/** Expands the Intune enrollments of the desired state into the connector's three resource kinds. */
final class IntuneResources {

    private IntuneResources() {
    }

    static List<Resource> expand(DesiredState state) {
        List<Resource> resources = new ArrayList<>();
        for (EnrollmentSpec enrollment : state.enrollmentsOn(IntuneConnectorProvider.ID)) {
            resources.add(IntuneTrustedRoot.desired(enrollment));
            resources.add(IntuneScepProfile.desired(enrollment));
            resources.add(IntuneAssignment.desired(enrollment));
        }
        return resources;
    }

    /** The human part of a profile description; the ownership marker is appended on the way out. */
    static String description(String enrollment, String what) {
        return "Managed by scephub (enrollment " + enrollment + "): " + what + ". Edits here are reverted on the next sync.";
    }
}
