package io.scephub.core.reads;

import io.scephub.core.resource.ActualResource;
import java.time.Duration;
import java.util.Optional;

/** Keeps nothing. */
enum NoReadReuse implements ReadReuse {
    INSTANCE;

    @Override
    public Optional<RecalledRead> recall(String vendorId, String listing) {
        return Optional.empty();
    }

    @Override
    public void rememberOwned(String vendorId, String listing, ActualResource actual) {
    }

    @Override
    public void rememberForeign(String vendorId, String listing) {
    }

    @Override
    public void forget(String vendorId) {
    }

    @Override
    public void retainOnly(java.util.Set<String> listedVendorIds) {
    }

    @Override
    public Duration window() {
        return Duration.ZERO;
    }
}
