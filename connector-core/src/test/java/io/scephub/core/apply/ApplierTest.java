package io.scephub.core.apply;

import io.scephub.core.spi.ReadRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.apply.ChangeOutcome.Status;
import io.scephub.core.plan.Plan;
import io.scephub.core.plan.PlanChange;
import io.scephub.core.plan.Planner;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.resource.OwnershipMarker;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.spi.Connector;
import io.scephub.core.testing.InMemoryConnector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApplierTest {
    private static final ResourceKey OKTA = ResourceKey.parse("okta.scep-configuration/win");
    private static final ResourceKey ROOT = ResourceKey.parse("intune.trusted-root/win");
    private static final ResourceKey PROFILE = ResourceKey.parse("intune.scep-profile/win");
    private static final ResourceKey ASSIGN = ResourceKey.parse("intune.assignment/win");
    private static final ResourceKey OTHER = ResourceKey.parse("okta.scep-configuration/mac");

    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private final InMemoryConnector okta = new InMemoryConnector("okta", 4, journal);
    private final InMemoryConnector intune = new InMemoryConnector("intune", 2, journal);
    private final Map<String, Connector> connectors = Map.of("okta", okta, "intune", intune);
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Applier applier = new Applier(executor, new ApplyListener() {
        @Override
        public void started(PlanChange change) {
            events.add("started " + change.key());
        }

        @Override
        public void finished(ChangeOutcome outcome) {
            events.add("finished " + outcome.key() + " " + outcome.status());
        }
    });
    private final Planner planner = new Planner();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private static Resource oktaConfig(ResourceKey key, String platform) {
        return Resource.builder(key, "okta").attribute("platform", platform).replaceOn("platform").build();
    }

    private static Resource root() {
        return Resource.builder(ROOT, "intune").attribute("caId", new OutputRef(OKTA, "id")).build();
    }

    private static Resource profile() {
        return Resource.builder(PROFILE, "intune").attribute("scepUrl", new OutputRef(OKTA, "url"))
                .attribute("rootId", new OutputRef(ROOT, "id")).build();
    }

    private static Resource assignment() {
        return Resource.builder(ASSIGN, "intune").attribute("include", List.of("Windows devices"))
                .dependsOn(PROFILE).dependsOn(ROOT).build();
    }

    private List<Resource> chain() {
        return List.of(oktaConfig(OKTA, "WINDOWS"), root(), profile(), assignment(), oktaConfig(OTHER, "MACOS"));
    }

    private Plan plan(List<Resource> desired) {
        List<ActualResource> actual = new ArrayList<>();
        actual.addAll(okta.read(ReadRequest.nothing()).resources());
        actual.addAll(intune.read(ReadRequest.nothing()).resources());
        return planner.plan(desired, actual, List.of());
    }

    private int indexOf(String entry) {
        int index = journal.indexOf(entry);
        assertThat(index).as("journal entry %s in %s", entry, journal).isNotNegative();
        return index;
    }

    private void assertFinishedBefore(String first, String second) {
        assertThat(indexOf("end " + first)).isLessThan(indexOf("start " + second));
    }

    @Test
    void createsRunAfterWhatTheyDependOnAndAllSucceed() {
        ApplyResult result = applier.apply(plan(chain()), connectors);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.outcomes()).extracting(ChangeOutcome::status).containsOnly(Status.APPLIED);
        assertFinishedBefore("create " + OKTA, "create " + ROOT);
        assertFinishedBefore("create " + ROOT, "create " + PROFILE);
        assertFinishedBefore("create " + OKTA, "create " + PROFILE);
        assertFinishedBefore("create " + PROFILE, "create " + ASSIGN);
        assertThat(okta.objects()).hasSize(2);
        assertThat(intune.objects()).hasSize(3);
        assertThat(events).contains("started " + ASSIGN, "finished " + ASSIGN + " APPLIED");
    }

    @Test
    void outputReferencesFlowFromACreatedSourceIntoItsDependant() {
        ApplyResult result = applier.apply(plan(chain()), connectors);

        String oktaId = okta.objectsOwnedBy(OKTA).get(0).vendorId();
        String rootId = intune.objectsOwnedBy(ROOT).get(0).vendorId();
        assertThat(intune.objectsOwnedBy(PROFILE).get(0).attributes())
                .containsEntry("scepUrl", "https://okta.example/" + oktaId)
                .containsEntry("rootId", rootId);
        assertThat(result.outcomes().stream().filter(o -> o.key().equals(PROFILE)).findFirst().orElseThrow().result())
                .hasValueSatisfying(a -> assertThat(a.attributes()).containsEntry("rootId", rootId));
    }

    @Test
    void neverRunsMoreCallsAtOnceThanTheConnectorAllows() throws Exception {
        List<Resource> desired = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            desired.add(Resource.builder(ResourceKey.parse("intune.trusted-root/r" + i), "intune").attribute("n", i).build());
        }
        Semaphore gate = new Semaphore(0);
        intune.gate(gate);
        Plan plan = plan(desired);
        AtomicReference<ApplyResult> result = new AtomicReference<>();
        Thread applying = new Thread(() -> result.set(applier.apply(plan, connectors)));
        applying.start();

        // Release one blocked call at a time, each once the applier has filled its two slots again.
        for (int remaining = 6; remaining > 0; remaining--) {
            int expected = Math.min(2, remaining);
            await(() -> intune.inFlight.get() >= expected);
            gate.release();
        }
        applying.join(Duration.ofSeconds(10).toMillis());

        assertThat(result.get().succeeded()).isTrue();
        assertThat(intune.maxInFlight.get()).isEqualTo(2);
        assertThat(intune.objects()).hasSize(6);
    }

    @Test
    void aFailureSkipsOnlyWhatDependsOnIt() {
        okta.failOn(OKTA);

        ApplyResult result = applier.apply(plan(chain()), connectors);

        assertThat(result.succeeded()).isFalse();
        Map<ResourceKey, ChangeOutcome> byKey = byKey(result);
        assertThat(byKey.get(OKTA).status()).isEqualTo(Status.FAILED);
        assertThat(byKey.get(OKTA).message()).hasValue("okta: write of " + OKTA + " failed (HTTP 500, boom, request id req-1)");
        for (ResourceKey dependant : List.of(ROOT, PROFILE, ASSIGN)) {
            assertThat(byKey.get(dependant).status()).isEqualTo(Status.SKIPPED);
            assertThat(byKey.get(dependant).message()).hasValueSatisfying(m -> assertThat(m).contains(OKTA.toString(), "failed"));
        }
        assertThat(byKey.get(OTHER).status()).isEqualTo(Status.APPLIED);
        assertThat(result.counts()).containsEntry(Status.FAILED, 1L).containsEntry(Status.SKIPPED, 3L)
                .containsEntry(Status.APPLIED, 1L).containsEntry(Status.NOT_ATTEMPTED, 0L);
        assertThat(intune.creates.get()).isZero();
    }

    @Test
    void aCreateWhoseAnswerWasLostIsAdoptedInTheSameRunInsteadOfDuplicated() {
        intune.crashAfterWriteOn(ROOT);
        Plan plan = plan(chain());

        ApplyResult result = applier.apply(plan, connectors);

        assertThat(result.succeeded()).isTrue();
        assertThat(byKey(result).get(ROOT).status()).isEqualTo(Status.ADOPTED);
        assertThat(byKey(result).get(PROFILE).status()).isEqualTo(Status.APPLIED);
        for (ResourceKey key : List.of(ROOT, PROFILE, ASSIGN)) {
            assertThat(intune.objectsOwnedBy(key)).as("objects owned by %s", key).hasSize(1);
        }
        assertThat(okta.objectsOwnedBy(OKTA)).hasSize(1);
        intune.heal();
        assertThat(plan(chain()).isEmpty()).isTrue();
    }

    @Test
    void aCreateThatFailedWithAnUnknownOutcomeAndWroteNothingIsCreatedAgainOnce() {
        InMemoryConnector flaky = new InMemoryConnector("okta", 4, journal) {
            private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

            @Override
            public ActualResource create(Resource desired) {
                if (calls.getAndIncrement() == 0) {
                    throw new io.scephub.core.error.VendorError("okta", 0, null, null, "POST /x: no answer (SocketException: Connection reset)",
                            new java.net.SocketException("Connection reset"));
                }
                return super.create(desired);
            }
        };
        Plan plan = planner.plan(List.of(oktaConfig(OKTA, "WINDOWS")), List.of(), List.of());

        ApplyResult result = applier.apply(plan, Map.of("okta", flaky, "intune", intune));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.outcomes().get(0).message()).hasValueSatisfying(m -> assertThat(m).contains("attempt 2"));
        assertThat(flaky.objectsOwnedBy(OKTA)).hasSize(1);
        assertThat(flaky.findOwnedCalls.get()).as("looked for the marker before each create").isEqualTo(2);
    }

    @Test
    void aCreateRefusedWithA4xxIsNotRetried() {
        okta.failOn(OKTA, new io.scephub.core.error.VendorError("okta", 400, "E0000001", null, "Api validation failed"));

        ApplyResult result = applier.apply(plan(List.of(oktaConfig(OKTA, "WINDOWS"))), connectors);

        assertThat(result.outcomes().get(0).status()).isEqualTo(Status.FAILED);
        assertThat(journal.stream().filter(e -> e.equals("start create " + OKTA)).count()).isEqualTo(1);
    }

    @Test
    void aCreateThatKeepsEndingUnknownStopsAfterThreeAttempts() {
        okta.failOn(OKTA);

        ApplyResult result = applier.apply(plan(List.of(oktaConfig(OKTA, "WINDOWS"))), connectors);

        assertThat(result.outcomes().get(0).status()).isEqualTo(Status.FAILED);
        assertThat(journal.stream().filter(e -> e.equals("start create " + OKTA)).count()).isEqualTo(Applier.WRITE_ATTEMPTS);
        assertThat(okta.objects()).isEmpty();
    }

    @Test
    void adoptionUpdatesOnlyTheAttributesThatDiffer() {
        okta.seed(OwnershipMarker.of(OKTA), Map.of("platform", "WINDOWS"), Set.of());
        intune.seed(OwnershipMarker.of(ASSIGN), Map.of("include", List.of("Old group")), Set.of());
        Plan plan = planner.plan(List.of(oktaConfig(OKTA, "WINDOWS"),
                Resource.builder(ASSIGN, "intune").attribute("include", List.of("Windows devices")).build()), List.of(), List.of());

        ApplyResult result = applier.apply(plan, connectors);

        assertThat(result.outcomes()).extracting(ChangeOutcome::status).containsOnly(Status.ADOPTED);
        assertThat(okta.updates.get()).isZero();
        assertThat(intune.updates.get()).isOne();
        assertThat(byKey(result).get(ASSIGN).message()).hasValueSatisfying(m -> assertThat(m).endsWith("updated include"));
        assertThat(intune.objectsOwnedBy(ASSIGN).get(0).attributes()).containsEntry("include", List.of("Windows devices"));
        assertThat(okta.creates.get() + intune.creates.get()).isZero();
    }

    @Test
    void deletesRunDependantsFirstAndLeaveUnmanagedObjectsAlone() {
        applier.apply(plan(chain()), connectors);
        intune.seed("made by hand", Map.of("name", "keep me"), Set.of());
        journal.clear();

        ApplyResult result = applier.apply(plan(List.of(oktaConfig(OTHER, "MACOS"))), connectors);

        assertThat(result.outcomes()).extracting(ChangeOutcome::action).containsOnly(PlanChange.Action.DELETE);
        assertThat(result.succeeded()).isTrue();
        assertFinishedBefore("delete " + ASSIGN, "delete " + PROFILE);
        assertFinishedBefore("delete " + ASSIGN, "delete " + ROOT);
        assertFinishedBefore("delete " + PROFILE, "delete " + ROOT);
        assertFinishedBefore("delete " + PROFILE, "delete " + OKTA);
        assertFinishedBefore("delete " + ROOT, "delete " + OKTA);
        assertThat(intune.objects()).singleElement().satisfies(o -> assertThat(o.description()).isEqualTo("made by hand"));
        assertThat(okta.objectsOwnedBy(OTHER)).hasSize(1);
    }

    @Test
    void replaceDeletesTheOldObjectThenCreatesTheNewOneAndDependantsGetItsOutputs() {
        applier.apply(plan(chain()), connectors);
        String oldId = okta.objectsOwnedBy(OKTA).get(0).vendorId();
        List<Resource> changed = new ArrayList<>(chain());
        changed.set(0, oktaConfig(OKTA, "WINDOWS11"));
        journal.clear();

        Plan plan = plan(changed);
        ApplyResult result = applier.apply(plan, connectors);

        assertThat(plan.effectiveChanges()).extracting(PlanChange::action)
                .containsExactly(PlanChange.Action.REPLACE, PlanChange.Action.UPDATE, PlanChange.Action.UPDATE);
        assertThat(result.succeeded()).isTrue();
        assertFinishedBefore("delete " + OKTA, "create " + OKTA);
        String newId = okta.objectsOwnedBy(OKTA).get(0).vendorId();
        assertThat(newId).isNotEqualTo(oldId);
        assertThat(okta.objectsOwnedBy(OKTA)).hasSize(1);
        assertThat(intune.objectsOwnedBy(ROOT).get(0).attributes()).containsEntry("caId", newId);
        assertThat(plan(changed).isEmpty()).isTrue();
    }

    @Test
    void aReferenceThatCannotBeResolvedFailsThatChangeWithAClearMessage() {
        applier.apply(plan(List.of(oktaConfig(OKTA, "WINDOWS"))), connectors);
        Resource wrong = Resource.builder(ROOT, "intune").attribute("caId", new OutputRef(OKTA, "caCertificate")).build();

        ApplyResult result = applier.apply(plan(List.of(oktaConfig(OKTA, "WINDOWS"), wrong)), connectors);

        assertThat(result.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Status.FAILED);
            assertThat(o.message()).hasValue("cannot resolve ${" + OKTA + ".caCertificate} for " + ROOT + ": "
                    + OKTA + " has no output 'caCertificate'");
        });
        assertThat(intune.creates.get()).isZero();
    }

    @Test
    void aChangeForAnUnconfiguredConnectorFailsAndSkipsItsDependants() {
        ApplyResult result = applier.apply(plan(chain()), Map.of("okta", okta));

        assertThat(byKey(result).get(ROOT).message()).hasValue("no connector 'intune' is configured; it is needed for " + ROOT);
        assertThat(byKey(result).get(ASSIGN).status()).isEqualTo(Status.SKIPPED);
        assertThat(byKey(result).get(OKTA).status()).isEqualTo(Status.APPLIED);
    }

    @Test
    void anExceptionWithoutMessageIsReportedByItsClassName() {
        okta.failOn(OKTA, new UnsupportedOperationException());

        ApplyResult result = applier.apply(plan(List.of(oktaConfig(OKTA, "WINDOWS"))), connectors);

        assertThat(result.outcomes().get(0).message()).hasValue("java.lang.UnsupportedOperationException");
    }

    @Test
    void interruptionLeavesTheRemainingChangesNotAttempted() throws Exception {
        CountDownLatch hang = okta.hangOn(OKTA);
        Plan plan = plan(chain());
        AtomicReference<ApplyResult> result = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread applying = new Thread(() -> {
            result.set(applier.apply(plan, connectors));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        applying.start();
        await(() -> journal.contains("start create " + OKTA));

        applying.interrupt();
        applying.join(Duration.ofSeconds(10).toMillis());
        hang.countDown();

        Map<ResourceKey, ChangeOutcome> byKey = byKey(result.get());
        assertThat(byKey.get(OKTA).status()).isEqualTo(Status.FAILED);
        assertThat(byKey.get(OKTA).message()).hasValueSatisfying(m -> assertThat(m).contains("interrupted"));
        for (ResourceKey key : List.of(ROOT, PROFILE, ASSIGN)) {
            assertThat(byKey.get(key).status()).isEqualTo(Status.NOT_ATTEMPTED);
        }
        assertThat(stillInterrupted.get()).isTrue();
        assertThat(intune.creates.get()).isZero();
    }

    private static Map<ResourceKey, ChangeOutcome> byKey(ApplyResult result) {
        Map<ResourceKey, ChangeOutcome> byKey = new java.util.HashMap<>();
        result.outcomes().forEach(o -> byKey.put(o.key(), o));
        return byKey;
    }

    /** Waits for a condition another thread brings about; the bound only stops a broken test from hanging. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not reached within 10 s").isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}
