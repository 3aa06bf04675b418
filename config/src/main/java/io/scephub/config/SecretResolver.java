package io.scephub.config;

import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;

/** Turns a {@link SecretRef} into its {@link Secret}; throws {@link io.scephub.core.error.SecretResolutionError} naming the reference. */
@FunctionalInterface
public interface SecretResolver {
    Secret resolve(SecretRef ref);
}
