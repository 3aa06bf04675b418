package io.scephub.core.contract;

import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.resource.ResourceKey;
import java.util.Optional;

/** The Okta → MDM contract: Okta's SCEP configuration of an enrollment, the one resource every MDM profile points at. */
public final class ScepConfiguration {

    /** The resource kind; the resource's name is the enrollment's name. */
    public static final String KIND = "okta.scep-configuration";

    private ScepConfiguration() {
    }

    /** The SCEP configuration of {@code enrollment}. */
    public static ResourceKey key(String enrollment) {
        return new ResourceKey(KIND, enrollment);
    }

    /** A desired attribute that takes {@code output} of the enrollment's SCEP configuration once it exists. */
    public static OutputRef ref(String enrollment, ScepOutput output) {
        return output.writeOnce()
                ? OutputRef.writeOnce(key(enrollment), output.key())
                : new OutputRef(key(enrollment), output.key());
    }

    /** {@code output} as the read SCEP configuration reports it; empty without the resource or the value. */
    public static Optional<Object> output(ActualResource configuration, ScepOutput output) {
        return Optional.ofNullable(configuration).map(c -> c.outputs().get(output.key()));
    }
}
