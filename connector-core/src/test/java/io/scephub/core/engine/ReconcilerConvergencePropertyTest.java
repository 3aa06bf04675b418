package io.scephub.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.model.DesiredState;
import io.scephub.core.model.Secret;
import io.scephub.core.plan.Planner;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.resource.OwnershipMarker;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.testing.InMemoryConnector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Whatever exists and whatever is wanted, one apply reaches a state the next plan finds nothing to change in. */
class ReconcilerConvergencePropertyTest {
    private static final DesiredState STATE = new DesiredState(Map.of(), List.of());
    private static final List<String> NAMES = List.of("Windows", "macOS", "iOS");

    @Property(tries = 100)
    void applyThenReplanHasNoEffectiveChanges(@ForAll Random random) {
        List<String> journal = Collections.synchronizedList(new ArrayList<>());
        InMemoryConnector okta = new InMemoryConnector("okta", 1 + random.nextInt(3), journal).writeOnly("secret");
        InMemoryConnector intune = new InMemoryConnector("intune", 1 + random.nextInt(3), journal);
        Map<String, InMemoryConnector> connectors = Map.of("okta", okta, "intune", intune);

        List<Resource> desired = desired(random);
        seedActual(random, desired, connectors);
        okta.desire(desired.stream().filter(r -> r.connector().equals("okta")).toList());
        intune.desire(desired.stream().filter(r -> r.connector().equals("intune")).toList());
        long unmanaged = unmanaged(okta) + unmanaged(intune);

        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            Reconciler reconciler = new Reconciler(Map.of("okta", okta, "intune", intune), new Planner(), executor);
            Reconciliation run = reconciler.reconcile(STATE);

            assertThat(run.result().succeeded()).as("%s", run.result()).isTrue();
            assertThat(reconciler.plan(STATE).effectiveChanges()).isEmpty();
            for (Resource r : desired) {
                assertThat(connectors.get(r.connector()).objectsOwnedBy(r.key())).as("objects of %s", r.key()).hasSize(1);
            }
            long owned = okta.objects().size() + intune.objects().size() - unmanaged(okta) - unmanaged(intune);
            assertThat(owned).isEqualTo(desired.size());
            assertThat(unmanaged(okta) + unmanaged(intune)).isEqualTo(unmanaged);
        } finally {
            executor.shutdownNow();
        }
    }

    private static List<Resource> desired(Random random) {
        int count = random.nextInt(7);
        List<Resource> desired = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String connector = random.nextBoolean() ? "okta" : "intune";
            Resource.Builder b = Resource.builder(new ResourceKey(connector + ".thing", "r" + i), connector)
                    .attribute("v", random.nextInt(3))
                    .attribute("name", NAMES.get(random.nextInt(NAMES.size())));
            if (random.nextBoolean()) {
                b.attribute("secret", Secret.of("s" + random.nextInt(2), "${env:S}"));
            }
            if (random.nextBoolean()) {
                b.attribute("nested", Map.of("a", random.nextInt(2), "b", "x"));
            }
            if (i > 0 && random.nextBoolean()) {
                b.attribute("ref", new OutputRef(desired.get(random.nextInt(i)).key(), random.nextBoolean() ? "id" : "url"));
            }
            if (i > 0 && random.nextBoolean()) {
                b.dependsOn(desired.get(random.nextInt(i)).key());
            }
            if (random.nextBoolean()) {
                b.replaceOn("v");
            }
            desired.add(b.build());
        }
        return desired;
    }

    /** Some desired objects already exist (possibly drifted), some owned ones are no longer wanted, some are not ours. */
    private static void seedActual(Random random, List<Resource> desired, Map<String, InMemoryConnector> connectors) {
        for (Resource r : desired) {
            if (random.nextBoolean()) {
                Map<String, Object> attributes = new LinkedHashMap<>();
                attributes.put("v", (long) random.nextInt(3));
                attributes.put("name", NAMES.get(random.nextInt(NAMES.size())));
                if (random.nextBoolean()) {
                    attributes.put("secret", Secret.of("s" + random.nextInt(2), "vendor"));
                }
                if (random.nextBoolean()) {
                    attributes.put("nested", random.nextBoolean() ? Map.of("a", 0L, "b", "x", "c", true) : Map.of("a", 1L));
                }
                if (random.nextBoolean()) {
                    attributes.put("ref", "stale");
                }
                attributes.put("extra", "read-only vendor field");
                connectors.get(r.connector()).seed(OwnershipMarker.of(r.key()), attributes, r.dependsOn());
            }
        }
        List<ResourceKey> old = new ArrayList<>();
        for (int i = 0; i < random.nextInt(4); i++) {
            String connector = random.nextBoolean() ? "okta" : "intune";
            ResourceKey key = new ResourceKey(connector + ".thing", "old" + i);
            Set<ResourceKey> deps = new TreeSet<>();
            if (!old.isEmpty() && random.nextBoolean()) {
                deps.add(old.get(random.nextInt(old.size())));
            }
            if (!desired.isEmpty() && random.nextBoolean()) {
                deps.add(desired.get(random.nextInt(desired.size())).key());
            }
            connectors.get(connector).seed(OwnershipMarker.of(key), Map.of("v", 9L), deps);
            old.add(key);
        }
        if (random.nextBoolean()) {
            connectors.get("intune").seed("made by hand", Map.of("v", 1L), Set.of());
        }
    }

    private static long unmanaged(InMemoryConnector connector) {
        return connector.objects().stream().filter(o -> OwnershipMarker.find(o.description()).isEmpty()).count();
    }
}
