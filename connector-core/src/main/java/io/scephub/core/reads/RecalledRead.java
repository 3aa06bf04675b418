package io.scephub.core.reads;

import io.scephub.core.model.Secret;
import io.scephub.core.resource.ActualResource;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A kept read of one object: owned by scephub (with its attributes) or someone else's. */
public sealed interface RecalledRead permits RecalledRead.Owned, RecalledRead.Foreign {

    /** When the object was last read or written. */
    Instant readAt();

    /**
     * An owned object as last read, without secret values.
     *
     * @param secretDigests salted digests of the secret attributes the object held, by attribute name
     */
    record Owned(ActualResource actual, Map<String, String> secretDigests, Instant readAt) implements RecalledRead {
        public Owned {
            secretDigests = Map.copyOf(secretDigests);
        }

        /**
         * Whether the object held {@code desired} in {@code attribute} when it was read: false when it
         * held another value or none, so the caller fetches the object again.
         */
        public boolean sameSecret(String attribute, Secret desired) {
            return Optional.ofNullable(secretDigests.get(attribute))
                    .map(d -> d.equals(SecretDigest.of(actual.vendorId(), attribute, desired)))
                    .orElse(false);
        }
    }

    /** An object that did not carry scephub's marker. */
    record Foreign(Instant readAt) implements RecalledRead {
    }
}
