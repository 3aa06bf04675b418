package io.scephub.sandbox;

import java.util.ArrayList;
import java.util.List;

/** Every request the sandbox answered, in arrival order. Thread-safe. */
public final class RequestJournal {

    private final List<RecordedRequest> entries = new ArrayList<>();

    synchronized void record(RecordedRequest request) {
        entries.add(request);
    }

    /** A copy of all entries. */
    public synchronized List<RecordedRequest> all() {
        return List.copyOf(entries);
    }

    /** A copy of the entries for one vendor ({@link Vendor#ALL} gives all). */
    public synchronized List<RecordedRequest> of(Vendor vendor) {
        return entries.stream().filter(entry -> vendor.covers(entry.vendor())).toList();
    }

    /** Forgets every entry. */
    public synchronized void clear() {
        entries.clear();
    }
}
