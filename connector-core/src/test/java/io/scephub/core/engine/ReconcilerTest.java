package io.scephub.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scephub.core.apply.ChangeOutcome;
import io.scephub.core.error.VendorError;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.Secret;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.plan.Plan;
import io.scephub.core.plan.PlanChange;
import io.scephub.core.plan.Planner;
import io.scephub.core.plan.PlanningError;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.spi.Connector;
import io.scephub.core.testing.InMemoryConnector;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
    private static final DesiredState STATE = new DesiredState(Map.of(), List.of());
    private static final ResourceKey OKTA = ResourceKey.parse("okta.scep-configuration/win");
    private static final ResourceKey PROFILE = ResourceKey.parse("intune.scep-profile/win");
    private static final ResourceKey ASSIGN = ResourceKey.parse("intune.assignment/win");

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final InMemoryConnector okta = new InMemoryConnector("okta").writeOnly("challenge");
    private final InMemoryConnector intune = new InMemoryConnector("intune");
    private final Reconciler reconciler = reconciler(Map.of("okta", okta, "intune", intune));

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private Reconciler reconciler(Map<String, Connector> connectors) {
        return new Reconciler(connectors, new Planner(), executor);
    }

    private static Resource oktaConfig(String name) {
        return Resource.builder(OKTA, "okta").attribute("name", name)
                .attribute("challenge", Secret.of("write-only-challenge", "${env:C}")).build();
    }

    private void desire(String oktaName, List<String> groups) {
        okta.desire(List.of(oktaConfig(oktaName)));
        intune.desire(List.of(
                Resource.builder(PROFILE, "intune").attribute("scepUrl", new OutputRef(OKTA, "url")).build(),
                Resource.builder(ASSIGN, "intune").attribute("include", groups).dependsOn(PROFILE).build()));
    }

    @Test
    void aValueTheVendorRejectsStopsThePlanBeforeAnythingIsWritten() {
        desire("Windows", List.of("No Such Group"));
        intune.rejects(io.scephub.core.resource.DesiredStateProblem.ofEnrollment("win", "groups.include[0]",
                "no Entra group named 'No Such Group'"));

        assertThatThrownBy(() -> reconciler.reconcile(STATE))
                .isInstanceOfSatisfying(DesiredStateRejected.class, e -> {
                    assertThat(e.problems()).singleElement().satisfies(p -> {
                        assertThat(p.enrollment()).isEqualTo("win");
                        assertThat(p.field()).isEqualTo("groups.include[0]");
                    });
                    assertThat(e.getMessage()).contains("enrollment 'win' groups.include[0]: no Entra group named 'No Such Group'");
                });
        assertThat(okta.creates.get() + intune.creates.get()).isZero();
    }

    @Test
    void createsEverythingFromEmptyAndThenConverges() {
        desire("Windows", List.of("All devices"));

        Reconciliation first = reconciler.reconcile(STATE);
        Plan again = reconciler.plan(STATE);

        assertThat(first.plan().effectiveChanges()).extracting(PlanChange::action).containsOnly(PlanChange.Action.CREATE);
        assertThat(first.result().succeeded()).isTrue();
        assertThat(first.result().outcomes()).hasSize(3);
        assertThat(again.isEmpty()).isTrue();
        assertThat(again.fingerprint()).isNotEqualTo(first.plan().fingerprint());
        assertThat(okta.reads.get()).isEqualTo(2);
    }

    @Test
    void aWriteOnceOutputReachesItsDependantOnCreateAndIsNeitherComparedNorSentLater() {
        Secret password = Secret.of("shown-once-password", "okta");
        okta.revealsOnCreate("password", password);
        okta.desire(List.of(oktaConfig("Windows")));
        intune.desire(List.of(Resource.builder(PROFILE, "intune").attribute("name", "profile")
                .attribute("challengePassword", OutputRef.writeOnce(OKTA, "password")).build()));

        Reconciliation first = reconciler.reconcile(STATE);

        assertThat(first.result().succeeded()).isTrue();
        assertThat(intune.objectsOwnedBy(PROFILE)).singleElement()
                .satisfies(o -> assertThat(o.attributes().get("challengePassword")).isEqualTo(password));
        intune.writeOnly("challengePassword");
        Plan again = reconciler.plan(STATE);
        assertThat(again.isEmpty()).isTrue();
        assertThat(again.notices()).isEmpty();

        intune.desire(List.of(Resource.builder(PROFILE, "intune").attribute("name", "renamed")
                .attribute("challengePassword", OutputRef.writeOnce(OKTA, "password")).build()));
        Plan rename = reconciler.plan(STATE);
        assertThat(rename.effectiveChanges()).singleElement().isInstanceOfSatisfying(PlanChange.Update.class,
                u -> assertThat(u.changes()).extracting(AttributeChange::path).containsExactly("name"));
        assertThat(reconciler.apply(rename).succeeded()).isTrue();
        assertThat(intune.objectsOwnedBy(PROFILE)).singleElement()
                .satisfies(o -> assertThat(o.attributes().get("challengePassword")).isEqualTo(password));
    }

    @Test
    void aWriteOnceValueLostByAFailedFirstApplyIsIssuedAnewAndDeliveredInTheNextApply() {
        Secret first = Secret.of("shown-once-first", "okta");
        Secret second = Secret.of("shown-once-second", "okta");
        okta.revealsOnCreate("password", first).reissuesOnUpdate("password", second);
        okta.desire(List.of(oktaConfig("Windows")));
        intune.desire(List.of(Resource.builder(PROFILE, "intune").attribute("name", "profile")
                .attribute("challengePassword", OutputRef.writeOnce(OKTA, "password")).build()));
        intune.failOn(PROFILE);
        assertThat(reconciler.reconcile(STATE).result().succeeded()).isFalse();
        intune.heal();

        Plan recover = reconciler.plan(STATE);

        assertThat(recover.effectiveChanges()).extracting(PlanChange::key, PlanChange::action).containsExactly(
                org.assertj.core.api.Assertions.tuple(OKTA, PlanChange.Action.UPDATE),
                org.assertj.core.api.Assertions.tuple(PROFILE, PlanChange.Action.CREATE));
        assertThat(((PlanChange.Update) recover.effectiveChanges().get(0)).changes()).extracting(AttributeChange::path)
                .containsExactly("password");
        assertThat(recover.notices()).anySatisfy(n -> assertThat(n).contains(OKTA + " issues a new one"));
        assertThat(reconciler.apply(recover).succeeded()).isTrue();
        assertThat(intune.objectsOwnedBy(PROFILE)).singleElement()
                .satisfies(o -> assertThat(o.attributes().get("challengePassword")).isEqualTo(second));
        intune.writeOnly("challengePassword");
        assertThat(reconciler.plan(STATE).isEmpty()).isTrue();
    }

    @Test
    void aDependantReportingItsWriteOnceValueLostGetsANewOneThroughAnUpdateOfBoth() {
        Secret renewed = Secret.of("shown-once-renewed", "okta");
        okta.reissuesOnUpdate("password", renewed);
        okta.desire(List.of(oktaConfig("Windows")));
        intune.reportsLost("challengePassword");
        intune.desire(List.of(Resource.builder(PROFILE, "intune").attribute("name", "profile").build()));
        reconciler.reconcile(STATE);
        intune.desire(List.of(Resource.builder(PROFILE, "intune").attribute("name", "profile")
                .attribute("challengePassword", OutputRef.writeOnce(OKTA, "password")).build()));

        Plan recover = reconciler.plan(STATE);

        assertThat(recover.effectiveChanges()).extracting(PlanChange::action)
                .containsExactly(PlanChange.Action.UPDATE, PlanChange.Action.UPDATE);
        assertThat(reconciler.apply(recover).succeeded()).isTrue();
        assertThat(intune.objectsOwnedBy(PROFILE)).singleElement()
                .satisfies(o -> assertThat(o.attributes().get("challengePassword")).isEqualTo(renewed));
        assertThat(reconciler.plan(STATE).isEmpty()).isTrue();
    }

    @Test
    void changingOneAttributeGivesExactlyOneUpdateOfThatAttribute() {
        desire("Windows", List.of("All devices"));
        reconciler.reconcile(STATE);
        desire("Windows", List.of("All devices", "Kiosks"));

        Plan plan = reconciler.plan(STATE);

        assertThat(plan.effectiveChanges()).singleElement().isInstanceOfSatisfying(PlanChange.Update.class, u -> {
            assertThat(u.key()).isEqualTo(ASSIGN);
            assertThat(u.changes()).containsExactly(new AttributeChange("include",
                    Optional.of(List.of("All devices")), Optional.of(List.of("All devices", "Kiosks"))));
        });
        assertThat(reconciler.apply(plan).succeeded()).isTrue();
        assertThat(reconciler.plan(STATE).isEmpty()).isTrue();
    }

    @Test
    void removingDesiredResourcesDeletesOnlyOwnedObjectsAndReportsUnmanagedOnes() {
        desire("Windows", List.of("All devices"));
        reconciler.reconcile(STATE);
        intune.seed("a profile someone made by hand", Map.of("name", "manual"), Set.of());
        okta.desire(List.of(oktaConfig("Windows")));
        intune.desire(List.of());

        Reconciliation run = reconciler.reconcile(STATE);

        assertThat(run.plan().effectiveChanges()).extracting(PlanChange::key).containsExactly(ASSIGN, PROFILE);
        assertThat(run.plan().notices()).singleElement().satisfies(n -> assertThat(n).contains("no scephub marker"));
        assertThat(run.result().succeeded()).isTrue();
        assertThat(intune.objects()).extracting(InMemoryConnector.StoredObject::description)
                .containsExactly("a profile someone made by hand");
        assertThat(okta.objectsOwnedBy(OKTA)).hasSize(1);
    }

    @Test
    void readsEveryConnectorInParallel() {
        CountDownLatch bothReading = new CountDownLatch(2);
        Runnable meetTheOther = () -> {
            bothReading.countDown();
            try {
                if (!bothReading.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the other connector's read never started");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        okta.onRead(meetTheOther);
        intune.onRead(meetTheOther);

        assertThat(reconciler.plan(STATE).isEmpty()).isTrue();
    }

    @Test
    void aVendorErrorWhileReadingIsRethrownAsIs() {
        intune.onRead(() -> {
            throw new VendorError("intune", 503, null, "r-9", "Graph unavailable");
        });

        assertThatThrownBy(() -> reconciler.plan(STATE)).isInstanceOf(VendorError.class)
                .hasMessage("intune: Graph unavailable (HTTP 503, request id r-9)");
    }

    @Test
    void anUnexpectedErrorWhileReadingNamesTheConnector() {
        okta.onRead(() -> {
            throw new IllegalStateException("token cache corrupt");
        });

        assertThatThrownBy(() -> reconciler.plan(STATE)).isInstanceOf(ReadError.class)
                .hasMessage("reading connector 'okta' failed: token cache corrupt");
    }

    @Test
    void aConnectorDeclaringAnotherConnectorsResourceIsAPlanningError() {
        okta.desire(List.of(Resource.builder(PROFILE, "intune").build()));

        assertThatThrownBy(() -> reconciler.plan(STATE)).isInstanceOf(PlanningError.class)
                .hasMessageContaining("connector 'okta' declared intune.scep-profile/win as belonging to connector 'intune'");
    }

    @Test
    void aFailedRunIsFinishedByTheNextOne() {
        desire("Windows", List.of("All devices"));
        intune.failOn(PROFILE);

        Reconciliation failed = reconciler.reconcile(STATE);
        intune.heal();
        Reconciliation retried = reconciler.reconcile(STATE);

        assertThat(failed.result().count(ChangeOutcome.Status.SKIPPED)).isOne();
        assertThat(retried.plan().effectiveChanges()).extracting(PlanChange::key).containsExactly(PROFILE, ASSIGN);
        assertThat(retried.result().succeeded()).isTrue();
        assertThat(reconciler.plan(STATE).isEmpty()).isTrue();
    }
}
