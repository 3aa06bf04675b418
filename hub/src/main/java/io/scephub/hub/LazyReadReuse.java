package io.scephub.hub;

import io.scephub.core.reads.ReadReuse;
import io.scephub.core.reads.RecalledRead;
import io.scephub.core.resource.ActualResource;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Kept reads whose state store is opened on their first use, not when the connector opens: a read of
 * devices through a connector that keeps reads (Jamf, Workspace ONE) then opens no store it never asks.
 */
final class LazyReadReuse implements ReadReuse {
    private final Supplier<ReadReuse> opener;
    private ReadReuse opened;

    LazyReadReuse(Supplier<ReadReuse> opener) {
        this.opener = opener;
    }

    private synchronized ReadReuse reuse() {
        if (opened == null) {
            opened = opener.get();
        }
        return opened;
    }

    @Override
    public Optional<RecalledRead> recall(String vendorId, String listing) {
        return reuse().recall(vendorId, listing);
    }

    @Override
    public void rememberOwned(String vendorId, String listing, ActualResource actual) {
        reuse().rememberOwned(vendorId, listing, actual);
    }

    @Override
    public void rememberForeign(String vendorId, String listing) {
        reuse().rememberForeign(vendorId, listing);
    }

    @Override
    public void forget(String vendorId) {
        reuse().forget(vendorId);
    }

    @Override
    public void retainOnly(Set<String> listedVendorIds) {
        reuse().retainOnly(listedVendorIds);
    }

    @Override
    public Duration window() {
        return reuse().window();
    }
}
