package io.scephub.core.reads;

import io.scephub.core.resource.ActualResource;
import java.time.Duration;
import java.util.Optional;

/**
 * One connector's kept reads for one tenant. A connector whose listing does not return whole
 * objects asks {@link #recall} before fetching an object, and records every object it fetches
 * or writes. Implementations are thread-safe.
 */
public interface ReadReuse {

    /**
     * What was recorded for the object, if the record has this connector's format, its listing
     * entry equals {@code listing} (whatever the listing shows of the object, e.g. its name) and
     * it is younger than {@link #window()}.
     */
    Optional<RecalledRead> recall(String vendorId, String listing);

    /**
     * Records an owned object as read back. Secret values are not kept: they are left out of the
     * attributes (the planner treats an absent secret as unchanged) and only a salted digest is kept,
     * so {@link RecalledRead.Owned#sameSecret} can tell a changed desired secret. An object whose
     * attributes hold an unresolved output reference is not recorded.
     */
    void rememberOwned(String vendorId, String listing, ActualResource actual);

    /** Records that the object does not carry scephub's marker for this connector. */
    void rememberForeign(String vendorId, String listing);

    /** Drops the record (the object was deleted, or its write failed half-way). */
    void forget(String vendorId);

    /**
     * Drops the records of objects a complete listing no longer shows (deleted outside scephub), so the
     * store does not grow with every object ever seen. Call it only after a listing that was not cut short.
     */
    void retainOnly(java.util.Set<String> listedVendorIds);

    /** How old a record may be and still be used; {@link Duration#ZERO} means every object is read. */
    Duration window();

    /** Nothing kept: every object is read. */
    static ReadReuse none() {
        return NoReadReuse.INSTANCE;
    }
}
