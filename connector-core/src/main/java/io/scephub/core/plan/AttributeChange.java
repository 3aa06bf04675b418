package io.scephub.core.plan;

import io.scephub.core.model.Secret;
import java.util.Optional;

/**
 * One attribute that differs: its path (e.g. {@code groups.include}), the value read and the
 * value wanted. Either side is empty when absent; an {@link io.scephub.core.resource.OutputRef}
 * as {@code after} means "known after apply". Secret values are never rendered.
 */
public record AttributeChange(String path, Optional<Object> before, Optional<Object> after) {

    /** True when either side is a secret: printed as {@code (sensitive value changed)}. */
    public boolean sensitive() {
        return before.filter(Secret.class::isInstance).isPresent() || after.filter(Secret.class::isInstance).isPresent();
    }
}
