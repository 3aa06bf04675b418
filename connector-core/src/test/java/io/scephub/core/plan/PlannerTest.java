package io.scephub.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scephub.core.model.Secret;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final ResourceKey OKTA = ResourceKey.parse("okta.scep-configuration/win");
    private static final ResourceKey ROOT = ResourceKey.parse("intune.trusted-root/win");
    private static final ResourceKey PROFILE = ResourceKey.parse("intune.scep-profile/win");
    private static final ResourceKey ASSIGN = ResourceKey.parse("intune.assignment/win");

    private final Planner planner = new Planner();

    private static Resource okta(String platform) {
        return Resource.builder(OKTA, "okta").attribute("platform", platform).attribute("name", "Windows")
                .replaceOn("platform").build();
    }

    private static Resource root() {
        return Resource.builder(ROOT, "intune").attribute("certificate", new OutputRef(OKTA, "caCertificate")).build();
    }

    private static Resource profile() {
        return Resource.builder(PROFILE, "intune").attribute("scepUrl", new OutputRef(OKTA, "scepUrl"))
                .attribute("rootId", new OutputRef(ROOT, "id")).build();
    }

    private static ActualResource actual(ResourceKey key, String connector, Map<String, Object> attributes,
                                         Map<String, Object> outputs, Set<ResourceKey> dependsOn) {
        return new ActualResource(key, connector, "v-" + key.name() + "-" + key.kind(), attributes, outputs, dependsOn);
    }

    private static ActualResource oktaActual(String platform) {
        return actual(OKTA, "okta", Map.of("platform", platform, "name", "Windows"),
                Map.of("caCertificate", "PEM", "scepUrl", "https://okta/scep"), Set.of());
    }

    @Test
    void createsEveryDesiredResourceInDependencyOrderWhenNothingExists() {
        Plan plan = planner.plan(List.of(profile(), root(), okta("WINDOWS")), List.of(), List.of());

        assertThat(plan.changes()).extracting(PlanChange::action).containsOnly(PlanChange.Action.CREATE);
        assertThat(plan.changes()).extracting(PlanChange::key).containsExactly(OKTA, ROOT, PROFILE);
    }

    @Test
    void independentResourcesAreOrderedByKey() {
        Resource b = Resource.builder(ResourceKey.parse("x.kind/b"), "x").build();
        Resource a = Resource.builder(ResourceKey.parse("x.kind/a"), "x").build();
        Resource c = Resource.builder(ResourceKey.parse("x.kind/c"), "x").build();

        Plan plan = planner.plan(List.of(c, b, a), List.of(), List.of());

        assertThat(plan.changes()).extracting(k -> k.key().name()).containsExactly("a", "b", "c");
    }

    @Test
    void changingOneAttributeGivesOneUpdateWithExactlyThatChange() {
        Resource want = Resource.builder(OKTA, "okta").attribute("platform", "WINDOWS").attribute("name", "Win 11").build();

        Plan plan = planner.plan(List.of(want), List.of(oktaActual("WINDOWS")), List.of());

        assertThat(plan.changes()).hasSize(1);
        PlanChange.Update update = (PlanChange.Update) plan.changes().get(0);
        assertThat(update.changes()).containsExactly(
                new AttributeChange("name", Optional.of("Windows"), Optional.of("Win 11")));
    }

    @Test
    void changeOfAReplaceOnAttributeReplaces() {
        Plan plan = planner.plan(List.of(okta("MACOS")), List.of(oktaActual("WINDOWS")), List.of());

        PlanChange.Replace replace = (PlanChange.Replace) plan.changes().get(0);
        assertThat(replace.changes()).containsExactly(
                new AttributeChange("platform", Optional.of("WINDOWS"), Optional.of("MACOS")));
    }

    @Test
    void matchingStateIsANoOpAndExtraActualAttributesAreIgnored() {
        ActualResource have = actual(OKTA, "okta", Map.of("platform", "WINDOWS", "name", "Windows", "createdBy", "admin"),
                Map.of(), Set.of());

        Plan plan = planner.plan(List.of(okta("WINDOWS")), List.of(have), List.of());

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.changes()).extracting(PlanChange::action).containsExactly(PlanChange.Action.NO_OP);
    }

    @Test
    void nestedMapsDiffToDottedPathsAndIntegersEqualLongs() {
        Resource want = Resource.builder(OKTA, "okta")
                .attribute("delegated", Map.of("tenantId", "t-2", "validity", 60))
                .attribute("retries", 3).build();
        ActualResource have = actual(OKTA, "okta",
                Map.of("delegated", Map.of("tenantId", "t-1", "validity", 60L, "legacy", true), "retries", 3L),
                Map.of(), Set.of());

        PlanChange.Update update = (PlanChange.Update) planner.plan(List.of(want), List.of(have), List.of()).changes().get(0);

        assertThat(update.changes()).containsExactly(
                new AttributeChange("delegated.tenantId", Optional.of("t-1"), Optional.of("t-2")),
                new AttributeChange("delegated.legacy", Optional.of(true), Optional.empty()));
    }

    @Test
    void listsCompareWhole() {
        Resource want = Resource.builder(ASSIGN, "intune").attribute("include", List.of("b", "a")).build();
        ActualResource have = actual(ASSIGN, "intune", Map.of("include", List.of("a", "b")), Map.of(), Set.of());

        PlanChange.Update update = (PlanChange.Update) planner.plan(List.of(want), List.of(have), List.of()).changes().get(0);

        assertThat(update.changes()).containsExactly(
                new AttributeChange("include", Optional.of(List.of("a", "b")), Optional.of(List.of("b", "a"))));
    }

    @Test
    void writeOnlySecretMissingFromActualIsUnchangedButADifferentSecretIsAChange() {
        Resource want = Resource.builder(OKTA, "okta").attribute("challenge", Secret.of("s1", "${env:C}")).build();
        ActualResource noSecret = actual(OKTA, "okta", Map.of(), Map.of(), Set.of());
        ActualResource sameSecret = actual(OKTA, "okta", Map.of("challenge", Secret.of("s1", "vendor")), Map.of(), Set.of());
        ActualResource otherSecret = actual(OKTA, "okta", Map.of("challenge", Secret.of("s0", "vendor")), Map.of(), Set.of());

        assertThat(planner.plan(List.of(want), List.of(noSecret), List.of()).isEmpty()).isTrue();
        assertThat(planner.plan(List.of(want), List.of(sameSecret), List.of()).isEmpty()).isTrue();
        PlanChange.Update update = (PlanChange.Update) planner.plan(List.of(want), List.of(otherSecret), List.of()).changes().get(0);
        assertThat(update.changes()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("challenge");
            assertThat(c.sensitive()).isTrue();
        });
    }

    @Test
    void outputReferenceIsResolvedAgainstTheExistingSourcesOutputs() {
        ActualResource rootSame = actual(ROOT, "intune", Map.of("certificate", "PEM"), Map.of("id", "r1"), Set.of(OKTA));
        ActualResource rootStale = actual(ROOT, "intune", Map.of("certificate", "OLD"), Map.of("id", "r1"), Set.of(OKTA));

        Plan same = planner.plan(List.of(okta("WINDOWS"), root()), List.of(oktaActual("WINDOWS"), rootSame), List.of());
        Plan stale = planner.plan(List.of(okta("WINDOWS"), root()), List.of(oktaActual("WINDOWS"), rootStale), List.of());

        assertThat(same.isEmpty()).isTrue();
        PlanChange.Update update = (PlanChange.Update) stale.effectiveChanges().get(0);
        assertThat(update.changes()).containsExactly(
                new AttributeChange("certificate", Optional.of("OLD"), Optional.of("PEM")));
    }

    @Test
    void referenceToASourceBeingCreatedOrReplacedIsAnUpdateKnownAfterApply() {
        ActualResource rootActual = actual(ROOT, "intune", Map.of("certificate", "PEM"), Map.of("id", "r1"), Set.of(OKTA));

        Plan created = planner.plan(List.of(okta("WINDOWS"), root()), List.of(rootActual), List.of());
        Plan replaced = planner.plan(List.of(okta("MACOS"), root()), List.of(oktaActual("WINDOWS"), rootActual), List.of());

        for (Plan plan : List.of(created, replaced)) {
            PlanChange.Update update = (PlanChange.Update) plan.changes().get(1);
            assertThat(update.changes()).containsExactly(
                    new AttributeChange("certificate", Optional.of("PEM"), Optional.of(new OutputRef(OKTA, "caCertificate"))));
        }
        assertThat(created.changes().get(0).action()).isEqualTo(PlanChange.Action.CREATE);
        assertThat(replaced.changes().get(0).action()).isEqualTo(PlanChange.Action.REPLACE);
    }

    @Test
    void referenceToAnOutputTheSourceDoesNotReportIsUnchangedWithANotice() {
        Resource want = Resource.builder(ROOT, "intune").attribute("certificate", new OutputRef(OKTA, "nope")).build();
        ActualResource rootActual = actual(ROOT, "intune", Map.of("certificate", "PEM"), Map.of(), Set.of(OKTA));

        Plan plan = planner.plan(List.of(okta("WINDOWS"), want), List.of(oktaActual("WINDOWS"), rootActual), List.of("given"));

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.notices()).hasSize(2).first().isEqualTo("given");
        assertThat(plan.notices().get(1)).contains(ROOT.toString(), "'nope'", OKTA.toString());
    }

    @Test
    void deletesOwnedObjectsNoLongerDesiredWithDependantsFirst() {
        ActualResource oktaA = oktaActual("WINDOWS");
        ActualResource rootA = actual(ROOT, "intune", Map.of(), Map.of(), Set.of(OKTA));
        ActualResource profileA = actual(PROFILE, "intune", Map.of(), Map.of(), Set.of(OKTA, ROOT));
        ActualResource assignA = actual(ASSIGN, "intune", Map.of(), Map.of(), Set.of(PROFILE, ROOT));

        Plan plan = planner.plan(List.of(), List.of(oktaA, assignA, rootA, profileA), List.of());

        assertThat(plan.changes()).extracting(PlanChange::action).containsOnly(PlanChange.Action.DELETE);
        assertThat(plan.changes()).extracting(PlanChange::key).containsExactly(ASSIGN, PROFILE, ROOT, OKTA);
    }

    @Test
    void deletesComeAfterCreatesAndUpdates() {
        ActualResource gone = actual(ResourceKey.parse("intune.trusted-root/old"), "intune", Map.of(), Map.of(), Set.of());

        Plan plan = planner.plan(List.of(okta("WINDOWS")), List.of(gone), List.of());

        assertThat(plan.changes()).extracting(PlanChange::action)
                .containsExactly(PlanChange.Action.CREATE, PlanChange.Action.DELETE);
    }

    @Test
    void dependencyOnAnUnknownKeyIsAPlanningError() {
        assertThatThrownBy(() -> planner.plan(List.of(root()), List.of(), List.of()))
                .isInstanceOf(PlanningError.class)
                .hasMessage("intune.trusted-root/win depends on okta.scep-configuration/win, "
                        + "which is neither desired nor found at any vendor")
                .satisfies(e -> assertThat(((PlanningError) e).code()).isEqualTo("PLAN_INVALID"));
    }

    @Test
    void dependencyOnAnObjectBeingDeletedIsAPlanningError() {
        assertThatThrownBy(() -> planner.plan(List.of(root()), List.of(oktaActual("WINDOWS")), List.of()))
                .isInstanceOf(PlanningError.class)
                .hasMessageContaining("no longer desired and would be deleted");
    }

    @Test
    void cycleIsAPlanningErrorNamingTheCycle() {
        ResourceKey a = ResourceKey.parse("x.kind/a");
        ResourceKey b = ResourceKey.parse("x.kind/b");
        ResourceKey c = ResourceKey.parse("x.kind/c");
        List<Resource> desired = List.of(
                Resource.builder(a, "x").dependsOn(b).build(),
                Resource.builder(b, "x").dependsOn(c).build(),
                Resource.builder(c, "x").dependsOn(a).build(),
                Resource.builder(ResourceKey.parse("x.kind/free"), "x").build());

        assertThatThrownBy(() -> planner.plan(desired, List.of(), List.of()))
                .isInstanceOf(PlanningError.class)
                .hasMessageStartingWith("dependency cycle: x.kind/a -> x.kind/b -> x.kind/c -> x.kind/a");
    }

    @Test
    void duplicateDesiredKeysAreAPlanningError() {
        assertThatThrownBy(() -> planner.plan(List.of(okta("WINDOWS"), okta("MACOS")), List.of(), List.of()))
                .isInstanceOf(PlanningError.class)
                .hasMessageContaining("okta.scep-configuration/win is declared twice");
    }

    @Test
    void fingerprintIsEqualForEqualPlansWhateverTheInputOrder() {
        ActualResource rootA = actual(ROOT, "intune", Map.of("certificate", "x"), Map.of("id", "r1"), Set.of(OKTA));

        String base = planner.plan(List.of(okta("WINDOWS"), root(), profile()), List.of(oktaActual("WINDOWS"), rootA), List.of())
                .fingerprint();

        assertThat(base).hasSize(64).matches("[0-9a-f]+");
        assertThat(planner.plan(List.of(profile(), root(), okta("WINDOWS")), List.of(rootA, oktaActual("WINDOWS")), List.of("a notice"))
                .fingerprint()).isEqualTo(base);
    }

    @Test
    void fingerprintChangesWhenOnlyTheDesiredStateChanges() {
        List<ActualResource> actual = List.of(oktaActual("WINDOWS"));

        Plan noOp = planner.plan(List.of(okta("WINDOWS")), actual, List.of());
        Plan update = planner.plan(List.of(okta("MACOS")), actual, List.of());
        Plan create = planner.plan(List.of(okta("WINDOWS"), root()), actual, List.of());

        assertThat(update.fingerprint()).isNotEqualTo(noOp.fingerprint());
        assertThat(create.fingerprint()).isNotEqualTo(noOp.fingerprint()).isNotEqualTo(update.fingerprint());
    }

    @Test
    void fingerprintSeesActualAttributesOutputsAndSecrets() {
        ActualResource secretA = actual(PROFILE, "intune", Map.of("s", Secret.of("one", "v")), Map.of(), Set.of());
        ActualResource secretB = actual(PROFILE, "intune", Map.of("s", Secret.of("two", "v")), Map.of(), Set.of());
        ActualResource rootA = actual(ROOT, "intune", Map.of("c", "x"), Map.of("id", "r1"), Set.of());
        ActualResource rootOtherId = actual(ROOT, "intune", Map.of("c", "x"), Map.of("id", "r2"), Set.of());

        String base = planner.plan(List.of(), List.of(secretA, rootA), List.of()).fingerprint();

        assertThat(planner.plan(List.of(), List.of(secretB, rootA), List.of()).fingerprint()).isNotEqualTo(base);
        assertThat(planner.plan(List.of(), List.of(secretA, rootOtherId), List.of()).fingerprint()).isNotEqualTo(base);
        assertThat(planner.plan(List.of(), List.of(rootA, secretA), List.of()).fingerprint()).isEqualTo(base);
    }

    @Test
    void fingerprintOfARedistributionIgnoresWhenItWasPlannedButNotWhatItCovers() {
        ActualResource profile = actual(PROFILE, "intune", Map.of("c", "x"), Map.of(), Set.of());
        java.time.Instant from = java.time.Instant.parse("2027-10-05T00:00:00Z");
        java.util.function.BiFunction<Integer, java.time.Instant, String> fingerprint = (devices, plannedAt) ->
                PlanFingerprint.of(List.of(new PlanChange.Redistribute(profile, new io.scephub.core.renewal.Redistribution(
                        "win", PROFILE, devices, from, from.plusSeconds(86_400), 1, 1, 1, plannedAt))));

        String base = fingerprint.apply(12, from.minusSeconds(3600));

        assertThat(fingerprint.apply(12, from.minusSeconds(60))).isEqualTo(base);
        assertThat(fingerprint.apply(13, from.minusSeconds(3600))).isNotEqualTo(base);
    }
}
