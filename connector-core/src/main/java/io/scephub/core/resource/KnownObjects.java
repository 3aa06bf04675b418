package io.scephub.core.resource;

import java.util.Optional;

/** The vendor id the state store recorded for a resource key when scephub last created, updated or adopted it. */
@FunctionalInterface
public interface KnownObjects {
    /** No store, or nothing recorded: every duplicate choice falls back to the oldest object. */
    KnownObjects NONE = key -> Optional.empty();

    /** The id last recorded for {@code key}, if any. Asked only when a listing holds more than one object of {@code key}. */
    Optional<String> vendorId(ResourceKey key);
}
