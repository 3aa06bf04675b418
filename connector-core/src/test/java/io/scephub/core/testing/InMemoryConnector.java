package io.scephub.core.testing;

import io.scephub.core.spi.ReadRequest;
import io.scephub.core.error.VendorError;
import io.scephub.core.model.DesiredState;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.resource.OwnershipMarker;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.spi.Connector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stateful vendor in memory: objects with vendor ids, the ownership marker in a description,
 * write-only attributes the vendor never returns, call counters, a shared journal of call starts
 * and ends, and switches to make a key's calls fail, hang, or crash after writing.
 */
public class InMemoryConnector implements Connector {

    /** An object as the vendor stores it. */
    public record StoredObject(String vendorId, String description, Map<String, Object> attributes,
                               Set<ResourceKey> dependsOn) {
    }

    private final String id;
    private final int maxParallelism;
    private final List<String> journal;
    private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final Set<String> writeOnly = ConcurrentHashMap.newKeySet();
    private final Set<String> reportsLost = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> reissued = new ConcurrentHashMap<>();
    private final Map<ResourceKey, RuntimeException> failing = new ConcurrentHashMap<>();
    private final Set<ResourceKey> crashingAfterWrite = ConcurrentHashMap.newKeySet();
    private final Map<ResourceKey, CountDownLatch> hanging = new ConcurrentHashMap<>();
    private volatile List<Resource> desired = List.of();
    private volatile Semaphore gate;
    private volatile Runnable onRead = () -> { };

    private final List<io.scephub.core.resource.DesiredStateProblem> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
    public final AtomicInteger creates = new AtomicInteger();
    public final AtomicInteger updates = new AtomicInteger();
    public final AtomicInteger deletes = new AtomicInteger();
    public final AtomicInteger findOwnedCalls = new AtomicInteger();
    public final AtomicInteger reads = new AtomicInteger();
    public final AtomicInteger inFlight = new AtomicInteger();
    public final AtomicInteger maxInFlight = new AtomicInteger();

    /** @param journal shared by connectors of one test so ordering across vendors can be checked */
    private final Map<String, Object> revealedOnCreate = new java.util.concurrent.ConcurrentHashMap<>();

    public InMemoryConnector(String id, int maxParallelism, List<String> journal) {
        this.id = id;
        this.maxParallelism = maxParallelism;
        this.journal = journal;
    }

    public InMemoryConnector(String id) {
        this(id, 4, Collections.synchronizedList(new ArrayList<>()));
    }

    // --- test controls -------------------------------------------------------------------------

    public InMemoryConnector desire(List<Resource> resources) {
        this.desired = List.copyOf(resources);
        return this;
    }

    /** Attributes this vendor accepts but never returns (like a SCEP challenge secret). */
    public InMemoryConnector writeOnly(String attribute) {
        writeOnly.add(attribute);
        return this;
    }

    /** An output only the answer to a create carries, never a read (like Okta's dynamic-challenge password). */
    /** Like a vendor that issues a new once-shown value when an update's change path names the output. */
    public InMemoryConnector reissuesOnUpdate(String output, Object value) {
        reissued.put(output, value);
        return this;
    }

    /** Reports {@link OutputRef#LOST} for the attribute when the stored object holds no value for it. */
    public InMemoryConnector reportsLost(String attribute) {
        reportsLost.add(attribute);
        return this;
    }

    public InMemoryConnector revealsOnCreate(String output, Object value) {
        revealedOnCreate.put(output, value);
        return this;
    }

    /** Every write call for {@code key} fails with an HTTP 500 vendor error. */
    /** Makes every following read report {@code problem}, as a vendor that does not know a desired value would. */
    public InMemoryConnector rejects(io.scephub.core.resource.DesiredStateProblem problem) {
        problems.add(problem);
        return this;
    }

    public void failOn(ResourceKey key) {
        failOn(key, new VendorError(id, 500, "boom", "req-1", "write of " + key + " failed"));
    }

    /** Every write call for {@code key} throws {@code failure}. */
    public void failOn(ResourceKey key, RuntimeException failure) {
        failing.put(key, failure);
    }

    /** The create of {@code key} stores the object and then fails, like a timeout after the vendor wrote. */
    public void crashAfterWriteOn(ResourceKey key) {
        crashingAfterWrite.add(key);
    }

    /** Calls for {@code key} block until the returned latch opens or the thread is interrupted. */
    public CountDownLatch hangOn(ResourceKey key) {
        return hanging.computeIfAbsent(key, k -> new CountDownLatch(1));
    }

    /** Every write call waits for a permit of {@code gate} before it completes (in flight until then). */
    public void gate(Semaphore gate) {
        this.gate = gate;
    }

    /** Runs at the start of every read, e.g. to prove reads of several connectors overlap. */
    public void onRead(Runnable hook) {
        this.onRead = hook;
    }

    public void heal() {
        failing.clear();
        crashingAfterWrite.clear();
    }

    /** Seeds an object directly, as if someone (or an earlier run) had made it. */
    public StoredObject seed(String description, Map<String, Object> attributes, Set<ResourceKey> dependsOn) {
        String vendorId = id + "-" + nextId.getAndIncrement();
        StoredObject object = new StoredObject(vendorId, description, new LinkedHashMap<>(attributes), Set.copyOf(dependsOn));
        objects.put(vendorId, object);
        return object;
    }

    public List<StoredObject> objects() {
        return List.copyOf(objects.values());
    }

    public List<StoredObject> objectsOwnedBy(ResourceKey key) {
        return objects.values().stream().filter(o -> OwnershipMarker.find(o.description()).equals(Optional.of(key))).toList();
    }

    public List<String> journal() {
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }

    // --- the connector --------------------------------------------------------------------------

    @Override
    public String id() {
        return id;
    }

    @Override
    public int maxParallelism() {
        return maxParallelism;
    }

    @Override
    public List<Resource> desiredResources(DesiredState state) {
        return desired;
    }

    @Override
    public ReadResult read(ReadRequest request) {
        reads.incrementAndGet();
        onRead.run();
        List<ActualResource> owned = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        for (StoredObject object : objects.values()) {
            Optional<ResourceKey> key = OwnershipMarker.find(object.description());
            if (key.isPresent()) {
                owned.add(toActual(key.get(), object));
            } else {
                notices.add(id + ": object " + object.vendorId() + " has no scephub marker and is left alone");
            }
        }
        return new ReadResult(owned, notices, problems);
    }

    @Override
    public Optional<ActualResource> findOwned(ResourceKey key) {
        findOwnedCalls.incrementAndGet();
        return objectsOwnedBy(key).stream().findFirst().map(o -> toActual(key, o));
    }

    @Override
    public ActualResource create(Resource desired) {
        return call("create", desired.key(), () -> {
            creates.incrementAndGet();
            requireResolved(desired);
            StoredObject object = seed(OwnershipMarker.of(desired.key()), desired.attributes(), desired.dependsOn());
            if (crashingAfterWrite.contains(desired.key())) {
                throw new VendorError(id, 0, null, null, "timeout after the create of " + desired.key() + " was sent");
            }
            ActualResource created = toActual(desired.key(), object);
            if (revealedOnCreate.isEmpty()) {
                return created;
            }
            Map<String, Object> outputs = new LinkedHashMap<>(created.outputs());
            outputs.putAll(revealedOnCreate);
            return new ActualResource(created.key(), created.connector(), created.vendorId(), created.attributes(), outputs,
                    created.dependsOn());
        });
    }

    @Override
    public ActualResource update(Resource desired, ActualResource actual, List<AttributeChange> changes) {
        return call("update", desired.key(), () -> {
            updates.incrementAndGet();
            requireResolved(desired);
            StoredObject object = objects.get(actual.vendorId());
            if (object == null) {
                throw new VendorError(id, 404, "notFound", null, "object " + actual.vendorId() + " does not exist");
            }
            Map<String, Object> attributes = new LinkedHashMap<>(object.attributes());
            for (AttributeChange change : changes) {
                String name = change.path().split("\\.", 2)[0];
                Object value = desired.attributes().get(name);
                if (value == null) {
                    attributes.remove(name);
                } else {
                    attributes.put(name, value);
                }
            }
            StoredObject updated = new StoredObject(object.vendorId(), object.description(), attributes, desired.dependsOn());
            objects.put(updated.vendorId(), updated);
            ActualResource result = toActual(desired.key(), updated);
            Map<String, Object> outputs = new LinkedHashMap<>(result.outputs());
            changes.stream().filter(c -> reissued.containsKey(c.path())).forEach(c -> outputs.put(c.path(), reissued.get(c.path())));
            return new ActualResource(result.key(), result.connector(), result.vendorId(), result.attributes(), outputs,
                    result.dependsOn());
        });
    }

    @Override
    public void delete(ActualResource actual) {
        call("delete", actual.key(), () -> {
            deletes.incrementAndGet();
            objects.remove(actual.vendorId());
            return null;
        });
    }

    /** A vendor call's body, run by {@link #call} between the journal entries and the test switches. */
    protected interface Call<T> {
        T run();
    }

    /** Runs a vendor call for {@code key}: journaled, counted in flight, and subject to fail/hang/gate switches. */
    protected final <T> T call(String verb, ResourceKey key, Call<T> body) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        journal.add("start " + verb + " " + key);
        try {
            CountDownLatch hang = hanging.get(key);
            if (hang != null) {
                hang.await();
            }
            Semaphore g = gate;
            if (g != null) {
                g.acquire();
            }
            RuntimeException failure = failing.get(key);
            if (failure != null) {
                throw failure;
            }
            return body.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(verb + " of " + key + " interrupted", e);
        } finally {
            journal.add("end " + verb + " " + key);
            inFlight.decrementAndGet();
        }
    }

    private static void requireResolved(Resource desired) {
        io.scephub.core.resource.Attributes.walk(desired.attributes(), v -> {
            if (v instanceof OutputRef r) {
                throw new IllegalStateException("connector got an unresolved reference " + r);
            }
        });
    }

    private ActualResource toActual(ResourceKey key, StoredObject object) {
        Map<String, Object> attributes = new LinkedHashMap<>(object.attributes());
        writeOnly.forEach(attributes::remove);
        reportsLost.forEach(name -> attributes.putIfAbsent(name, OutputRef.LOST));
        Map<String, Object> outputs = Map.of("id", object.vendorId(), "url", "https://" + id + ".example/" + object.vendorId());
        return new ActualResource(key, id, object.vendorId(), attributes, outputs, object.dependsOn());
    }
}
