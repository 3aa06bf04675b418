package io.scephub.core.reads;

import java.util.List;

/** Where kept reads are stored (the hub's state store, or memory in tests). Implementations are thread-safe. */
public interface ReadRecords {

    /** Every record of one connector and tenant. */
    List<ReadRecord> all(String connector, String scope);

    /** Inserts or replaces the record of {@code (connector, scope, vendorId)}. */
    void put(ReadRecord record);

    void delete(String connector, String scope, String vendorId);
}
