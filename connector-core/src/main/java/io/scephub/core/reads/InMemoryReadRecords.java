package io.scephub.core.reads;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Kept reads in memory: for tests, and for a process that has no state store. */
public final class InMemoryReadRecords implements ReadRecords {
    private final Map<List<String>, ReadRecord> records = new ConcurrentHashMap<>();

    @Override
    public List<ReadRecord> all(String connector, String scope) {
        return records.values().stream().filter(r -> r.connector().equals(connector) && r.scope().equals(scope)).toList();
    }

    @Override
    public void put(ReadRecord record) {
        records.put(List.of(record.connector(), record.scope(), record.vendorId()), record);
    }

    @Override
    public void delete(String connector, String scope, String vendorId) {
        records.remove(List.of(connector, scope, vendorId));
    }
}
