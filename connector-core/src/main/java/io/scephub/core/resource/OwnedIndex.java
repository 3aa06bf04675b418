package io.scephub.core.resource;

import io.scephub.core.error.OwnershipUnproven;
import io.scephub.core.error.UnknownOutcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The objects one connector owns, by resource key, from its last listing. An object is an entry
 * only when its ownership marker names that key: a vendor's answer, a read-back or a kept read
 * that does not prove it is never taken as scephub's. Lookups before a create answer from the
 * index; it lists again when there was no listing yet or a write ended with an unknown outcome.
 * Thread-safe.
 *
 * @param <T> what the connector keeps per object (its normalised resource, or the vendor's listing entry)
 */
public final class OwnedIndex<T> {
    private final String vendor;
    private final Set<String> kinds;
    private final Map<ResourceKey, T> entries = new ConcurrentHashMap<>();
    /** The vendor id of each entry, so deleting a duplicate never drops the entry it duplicates. */
    private final Map<ResourceKey, String> ids = new ConcurrentHashMap<>();
    private volatile boolean listed;
    private volatile boolean stale;

    /** An index of the given resource kinds; {@code vendor} names the vendor in messages ("Okta", "Jamf"). */
    public OwnedIndex(String vendor, Set<String> kinds) {
        this.vendor = vendor;
        this.kinds = Set.copyOf(kinds);
    }

    /** An empty listing to fill with every object one listing returned. */
    public Listing<T> listing() {
        return new Listing<>(vendor, kinds);
    }

    /** Makes a complete listing the index (swapped in place, never emptied first: a concurrent lookup must not see a gap). */
    public synchronized void replace(Listing<T> listing) {
        Map<ResourceKey, T> owned = listing.owned();
        entries.keySet().retainAll(owned.keySet());
        entries.putAll(owned);
        ids.keySet().retainAll(owned.keySet());
        owned.keySet().forEach(key -> ids.put(key, listing.ids.get(key)));
        listed = true;
        stale = false;
    }

    /** Whether the next lookup lists first: nothing listed yet, or a write's outcome was unknown since. */
    public boolean needsListing() {
        return !listed || stale;
    }

    /** The owned object of {@code key}, after {@code relist} (which must call {@link #replace}) when {@link #needsListing()}. */
    public Optional<T> find(ResourceKey key, Runnable relist) {
        if (needsListing()) {
            relist.run();
        }
        return Optional.ofNullable(entries.get(key));
    }

    /** The owned object of {@code key} as last listed or written, without listing. */
    public Optional<T> get(ResourceKey key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** The next lookup lists again. */
    public void markStale() {
        stale = true;
    }

    /**
     * Runs a vendor write. When its outcome is unknown (no answer, a 5xx, or an answer naming
     * another object) the next lookup lists again, so a retry adopts what the write may have made.
     */
    public <R> R write(Supplier<R> write) {
        try {
            return write.get();
        } catch (RuntimeException e) {
            if (UnknownOutcome.of(e)) {
                markStale();
            }
            throw e;
        }
    }

    /** {@link #write(Supplier)} for a write without a result. */
    public void write(Runnable write) {
        write(() -> {
            write.run();
            return null;
        });
    }

    /**
     * A write's answer or read-back, entered as {@code key}'s object only if {@code description}
     * carries {@code key}'s marker. Otherwise the vendor answered with an object that is not the one
     * written (another one's id, or one scephub does not own): the index is marked stale and an
     * {@link OwnershipUnproven} with an unknown outcome is thrown; {@code entry} is never built.
     */
    public T written(ResourceKey key, String vendorId, String description, Supplier<T> entry) {
        if (!proves(description, key)) {
            markStale();
            throw new OwnershipUnproven(vendor + ": the write of " + key + " was answered with object " + vendorId
                    + ", which does not carry the marker " + OwnershipMarker.of(key) + "; it is left untouched and "
                    + vendor + " is listed again to find out whether " + key + " was written", true);
        }
        T value = entry.get();
        entries.put(key, value);
        ids.put(key, vendorId);
        return value;
    }

    /**
     * Refuses, before a write, to change or delete an object that does not (or no longer) carry
     * {@code key}'s marker, e.g. when a kept read is older than a change made in the vendor's console.
     */
    public void requireOwned(ResourceKey key, String vendorId, String description) {
        if (!proves(description, key)) {
            markStale();
            throw new OwnershipUnproven(vendor + ": object " + vendorId + " no longer carries the marker " + OwnershipMarker.of(key)
                    + " (it was changed outside scephub since it was read), so it is left untouched; plan again", false);
        }
    }

    /** Drops {@code key}'s entry after object {@code vendorId} was deleted, unless that was a duplicate of the entry. */
    public synchronized void remove(ResourceKey key, String vendorId) {
        if (isEntry(key, vendorId)) {
            entries.remove(key);
            ids.remove(key);
        }
    }

    /** Whether object {@code vendorId} is {@code key}'s entry (and not a duplicate of it); true when its id is unknown. */
    public boolean isEntry(ResourceKey key, String vendorId) {
        String id = ids.get(key);
        return id == null || id.equals(vendorId);
    }

    /** Drops {@code key}'s entry and answers it, if it exists. */
    public synchronized Optional<T> take(ResourceKey key) {
        ids.remove(key);
        return Optional.ofNullable(entries.remove(key));
    }

    /** Whether a description's marker names exactly {@code key}. */
    public static boolean proves(String description, ResourceKey key) {
        return OwnershipMarker.find(description).filter(key::equals).isPresent();
    }

    /** One listing's objects: the first object found with a key's marker is its entry, later ones are duplicates. */
    public static final class Listing<T> {
        private final String vendor;
        private final Set<String> kinds;
        private final Map<ResourceKey, T> owned = new LinkedHashMap<>();
        private final Map<ResourceKey, String> ids = new LinkedHashMap<>();
        private final List<Duplicate> duplicates = new ArrayList<>();

        private Listing(String vendor, Set<String> kinds) {
            this.vendor = vendor;
            this.kinds = kinds;
        }

        /** The key a description's marker names, if it is one of this index's kinds. */
        public Optional<ResourceKey> keyOf(String description) {
            return OwnershipMarker.find(description).filter(k -> kinds.contains(k.kind()));
        }

        /**
         * Adds one listed object. It becomes an entry when its marker names one of this index's kinds
         * and no object before it carried the same marker; answers the entry if so.
         */
        public Optional<T> add(String description, String vendorId, Function<ResourceKey, T> entry) {
            Optional<ResourceKey> key = keyOf(description);
            if (key.isEmpty()) {
                return Optional.empty();
            }
            return add(key.get(), vendorId, () -> entry.apply(key.get()));
        }

        /** Adds an object whose marker (for {@code key}) was already read, e.g. from a kept read. */
        public Optional<T> add(ResourceKey key, String vendorId, Supplier<T> entry) {
            return add(key, vendorId, Map.of(), entry);
        }

        /**
         * Like {@link #add(ResourceKey, String, Supplier)}, with what deleting the object takes besides
         * its id ({@code locator}, e.g. Okta's CA id) should it turn out to be a duplicate.
         */
        public Optional<T> add(ResourceKey key, String vendorId, Map<String, Object> locator, Supplier<T> entry) {
            String first = ids.putIfAbsent(key, vendorId);
            if (first != null) {
                duplicates.add(new Duplicate(key, vendorId, first, locator));
                return Optional.empty();
            }
            T value = entry.get();
            owned.put(key, value);
            return Optional.of(value);
        }

        /** Whether an object with {@code key}'s marker was added already. */
        public boolean contains(ResourceKey key) {
            return ids.containsKey(key);
        }

        /** Drops an entry that turned out unusable after all (e.g. a marked object of the wrong type). */
        public void drop(ResourceKey key) {
            owned.remove(key);
        }

        /** The entries, in the order they were listed. */
        public Map<ResourceKey, T> owned() {
            return Collections.unmodifiableMap(new LinkedHashMap<>(owned));
        }

        /** The objects that carry a marker an earlier object of the listing already carried. */
        public List<Duplicate> duplicates() {
            return List.copyOf(duplicates);
        }

        /** One notice per duplicate, naming both ids. */
        public List<String> duplicateNotices() {
            return duplicates.stream().map(d -> d.notice(vendor)).toList();
        }
    }

    /**
     * An object carrying the marker of {@code key} while {@code managedId} carries it too and is the
     * one managed; {@code locator}: what deleting it takes besides its id (the outputs its connector's
     * delete reads, e.g. Okta's CA id).
     */
    public record Duplicate(ResourceKey key, String vendorId, String managedId, Map<String, Object> locator) {
        public Duplicate {
            locator = Map.copyOf(locator);
        }

        public Duplicate(ResourceKey key, String vendorId, String managedId) {
            this(key, vendorId, managedId, Map.of());
        }

        /** The duplicate as an owned object its connector can delete. */
        public ActualResource asActual(String connector) {
            return new ActualResource(key, connector, vendorId, Map.of(), locator, Set.of());
        }

        /** The plan notice: both ids, and that only the first is managed. */
        public String notice(String vendor) {
            return vendor + " object " + vendorId + " also carries the marker " + OwnershipMarker.of(key) + ", which is on more than one "
                    + "object (" + managedId + ", " + vendorId + "); only the first one found, " + managedId
                    + ", is managed; the plan deletes the other (remove its marker to keep it)";
        }
    }
}
