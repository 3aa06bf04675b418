package io.scephub.core.resource;

import io.scephub.core.error.OwnershipUnproven;
import io.scephub.core.error.UnknownOutcome;
import java.time.Instant;
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
    private final KnownObjects known;
    private final Map<ResourceKey, T> entries = new ConcurrentHashMap<>();
    /** The vendor id of each entry, so deleting a duplicate never drops the entry it duplicates. */
    private final Map<ResourceKey, String> ids = new ConcurrentHashMap<>();
    private volatile boolean listed;
    private volatile boolean stale;

    /**
     * An index of the given resource kinds; {@code vendor} names the vendor in messages ("Okta", "Jamf"),
     * {@code known} answers which object the state store knows when a key's marker is on several.
     */
    public OwnedIndex(String vendor, Set<String> kinds, KnownObjects known) {
        this.vendor = vendor;
        this.kinds = Set.copyOf(kinds);
        this.known = known;
    }

    /** An index without a state store: of several objects with one marker the oldest is kept. */
    public OwnedIndex(String vendor, Set<String> kinds) {
        this(vendor, kinds, KnownObjects.NONE);
    }

    /** An empty listing to fill with every object one listing returned. */
    public Listing<T> listing() {
        return new Listing<>(vendor, kinds, known);
    }

    /** Makes a complete listing the index (swapped in place, never emptied first: a concurrent lookup must not see a gap). */
    public synchronized void replace(Listing<T> listing) {
        Map<ResourceKey, T> owned = listing.owned();
        entries.keySet().retainAll(owned.keySet());
        entries.putAll(owned);
        ids.keySet().retainAll(owned.keySet());
        owned.keySet().forEach(key -> ids.put(key, listing.idOf(key).orElseThrow()));
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

    /**
     * One listing's objects. Of several objects carrying one key's marker, the entry is chosen by
     * {@link KeepRule} once the listing is complete; the others are duplicates.
     */
    public static final class Listing<T> {
        private final String vendor;
        private final Set<String> kinds;
        private final KnownObjects known;
        private final Map<ResourceKey, List<Candidate<T>>> candidates = new LinkedHashMap<>();
        private final Map<ResourceKey, String> ids = new LinkedHashMap<>();
        private Map<ResourceKey, T> owned;
        private List<Duplicate> duplicates;

        private Listing(String vendor, Set<String> kinds, KnownObjects known) {
            this.vendor = vendor;
            this.kinds = kinds;
            this.known = known;
        }

        /** The key a description's marker names, if it is one of this index's kinds. */
        public Optional<ResourceKey> keyOf(String description) {
            return OwnershipMarker.find(description).filter(k -> kinds.contains(k.kind()));
        }

        /** Adds one listed object if its marker names one of this index's kinds; answers that key. */
        public Optional<ResourceKey> add(String description, String vendorId, Optional<Instant> created, Function<ResourceKey, T> entry) {
            Optional<ResourceKey> key = keyOf(description);
            key.ifPresent(k -> add(k, vendorId, created, Map.of(), () -> entry.apply(k)));
            return key;
        }

        /** Adds an object whose marker (for {@code key}) was already read, e.g. from a kept read. */
        public void add(ResourceKey key, String vendorId, Optional<Instant> created, Supplier<T> entry) {
            add(key, vendorId, created, Map.of(), entry);
        }

        /**
         * Adds one listed object carrying {@code key}'s marker: {@code created} is the creation time the
         * vendor lists (empty where it lists none), {@code locator} what deleting it takes besides its
         * id (e.g. Okta's CA id) should it turn out to be a duplicate; {@code entry} is built only for
         * the object kept.
         */
        public synchronized void add(ResourceKey key, String vendorId, Optional<Instant> created, Map<String, Object> locator,
                                     Supplier<T> entry) {
            if (owned != null) {
                throw new IllegalStateException("the listing was already resolved");
            }
            candidates.computeIfAbsent(key, k -> new ArrayList<>()).add(new Candidate<>(vendorId, created, Map.copyOf(locator), entry));
        }

        /** Whether an object with {@code key}'s marker was added already. */
        public synchronized boolean contains(ResourceKey key) {
            return candidates.containsKey(key);
        }

        /** Drops an entry that turned out unusable after all (e.g. a marked object of the wrong type). */
        public synchronized void drop(ResourceKey key) {
            resolve();
            owned.remove(key);
        }

        /** The entries (one per key, chosen by {@link KeepRule}), in the order their keys were first listed. */
        public synchronized Map<ResourceKey, T> owned() {
            resolve();
            return Collections.unmodifiableMap(new LinkedHashMap<>(owned));
        }

        /** The vendor id of {@code key}'s entry. */
        synchronized Optional<String> idOf(ResourceKey key) {
            resolve();
            return Optional.ofNullable(ids.get(key));
        }

        /** The objects that carry a key's marker besides the one kept. */
        public synchronized List<Duplicate> duplicates() {
            resolve();
            return List.copyOf(duplicates);
        }

        /** One notice per duplicate, naming both ids. */
        public List<String> duplicateNotices() {
            return duplicates().stream().map(d -> d.notice(vendor)).toList();
        }

        private void resolve() {
            if (owned != null) {
                return;
            }
            Map<ResourceKey, T> entries = new LinkedHashMap<>();
            List<Duplicate> found = new ArrayList<>();
            candidates.forEach((key, all) -> {
                Optional<String> knownId = all.size() > 1 ? known.vendorId(key) : Optional.empty();
                List<Candidate<T>> ordered = all.stream()
                        .sorted(KeepRule.order(knownId, Candidate::vendorId, Candidate::created)).toList();
                Candidate<T> kept = ordered.get(0);
                entries.put(key, kept.entry().get());
                ids.put(key, kept.vendorId());
                ordered.stream().skip(1).forEach(c -> found.add(new Duplicate(key, c.vendorId(), kept.vendorId(), c.locator())));
            });
            owned = entries;
            duplicates = found;
        }
    }

    /** One object of a listing carrying a key's marker, before the choice of the one kept. */
    private record Candidate<T>(String vendorId, Optional<Instant> created, Map<String, Object> locator, Supplier<T> entry) {
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

        /** The plan notice: both ids, and which one is managed. */
        public String notice(String vendor) {
            return vendor + " object " + vendorId + " also carries the marker " + OwnershipMarker.of(key) + ", which is on more than one "
                    + "object (" + managedId + ", " + vendorId + "); " + managedId + " is managed (" + KeepRule.SUMMARY
                    + "); the plan deletes the other (remove its marker to keep it)";
        }
    }
}
