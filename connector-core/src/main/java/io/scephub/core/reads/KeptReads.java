package io.scephub.core.reads;

import io.scephub.core.resource.ActualResource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ReadReuse} over a {@link ReadRecords} store for one connector and tenant. The records are
 * loaded once, on the first recall, so a plan costs one store query however many objects there are;
 * every remember and forget is written through.
 */
public final class KeptReads implements ReadReuse {
    private final ReadRecords store;
    private final String connector;
    private final String scope;
    private final int format;
    private final Duration window;
    private final Clock clock;
    private volatile Map<String, ReadRecord> loaded;

    /**
     * @param scope the tenant (e.g. the vendor's base URL): records of another tenant are never used
     * @param format the connector's record format, raised when what it keeps changes meaning
     */
    public KeptReads(ReadRecords store, String connector, String scope, int format, Duration window, Clock clock) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("the reuse window cannot be negative: " + window);
        }
        this.store = store;
        this.connector = connector;
        this.scope = scope;
        this.format = format;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public Optional<RecalledRead> recall(String vendorId, String listing) {
        if (window.isZero()) {
            return Optional.empty();
        }
        ReadRecord record = records().get(vendorId);
        if (record == null || record.format() != format || !record.listing().equals(listing)
                || !record.readAt().isAfter(clock.instant().minus(window))) {
            return Optional.empty();
        }
        if (record.owned().isEmpty()) {
            return Optional.of(new RecalledRead.Foreign(record.readAt()));
        }
        return ActualResourceJson.read(record.owned().get())
                .filter(r -> r.actual().connector().equals(connector) && r.actual().vendorId().equals(vendorId))
                .map(r -> new RecalledRead.Owned(r.actual(), r.secretDigests(), record.readAt()));
    }

    @Override
    public void rememberOwned(String vendorId, String listing, ActualResource actual) {
        Optional<String> json = ActualResourceJson.write(actual);
        if (json.isEmpty()) {
            forget(vendorId);
            return;
        }
        put(new ReadRecord(connector, scope, vendorId, format, listing, now(), json));
    }

    @Override
    public void rememberForeign(String vendorId, String listing) {
        put(new ReadRecord(connector, scope, vendorId, format, listing, now(), Optional.empty()));
    }

    @Override
    public void forget(String vendorId) {
        store.delete(connector, scope, vendorId);
        records().remove(vendorId);
    }

    @Override
    public void retainOnly(java.util.Set<String> listedVendorIds) {
        for (String vendorId : java.util.List.copyOf(records().keySet())) {
            if (!listedVendorIds.contains(vendorId)) {
                forget(vendorId);
            }
        }
    }

    @Override
    public Duration window() {
        return window;
    }

    private void put(ReadRecord record) {
        store.put(record);
        records().put(record.vendorId(), record);
    }

    // Millisecond precision: what every store keeps, so a record reads back with the time it was written with.
    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    private Map<String, ReadRecord> records() {
        Map<String, ReadRecord> current = loaded;
        if (current == null) {
            synchronized (this) {
                current = loaded;
                if (current == null) {
                    current = new ConcurrentHashMap<>();
                    for (ReadRecord r : store.all(connector, scope)) {
                        current.put(r.vendorId(), r);
                    }
                    loaded = current;
                }
            }
        }
        return current;
    }
}
