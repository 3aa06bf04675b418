package io.scephub.core.spi;

import io.scephub.core.check.CheckResult;
import io.scephub.core.model.DesiredState;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ResourceKey;
import java.util.List;
import java.util.Map;

/**
 * Optional capability of a {@link Connector}: online checks that each enrollment it serves is set up
 * as configured at the vendor. {@code validate --online} runs it for every connector that has it,
 * so an MDM connector added later plugs in by implementing it.
 */
public interface EnrollmentCheck {

    /**
     * Checks every enrollment of {@code state} this connector serves. {@code actual} holds what every
     * open connector read, by key (so an MDM can compare its SCEP URL with Okta's). Each result's
     * subject is the enrollment name.
     */
    List<CheckResult> checkEnrollments(DesiredState state, Map<ResourceKey, ActualResource> actual);
}
