package io.scephub.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.core.model.Secret;
import io.scephub.core.renewal.Redistribution;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanRenderingTest {
    private static final String CANARY = "canary-7f3a9c-challenge";
    private static final String OLD_CANARY = "old-canary-52be1d";
    private static final ResourceKey OKTA = ResourceKey.parse("okta.scep-configuration/windows-intune");
    private static final ResourceKey PROFILE = ResourceKey.parse("intune.scep-profile/windows-intune");
    private static final ResourceKey ROOT = ResourceKey.parse("intune.trusted-root/windows-intune");
    private static final ResourceKey OLD = ResourceKey.parse("jamf.configuration-profile/old");
    private static final String CERT = "MIIDdzCCAl+gAwIBAgIUe3VzZXJzLWNlcnRpZmljYXRlLXNhbXBsZS1mb3ItdGVzdGluZy1wdXJwb3Nlcy1vbmx5LTEyMzQ1Njc4OTA=";

    private final Planner planner = new Planner();

    /** One of each action, with secrets at the top level, nested, and in a list. */
    private Plan mixedPlan() {
        Resource okta = Resource.builder(OKTA, "okta")
                .attribute("platform", "WINDOWS")
                .attribute("challenge", Secret.of(CANARY, "${env:CHALLENGE}"))
                .attribute("delegated", Map.of("tenantId", "t-1", "clientSecret", Secret.of(CANARY, "${env:X}")))
                .attribute("secrets", List.of(Secret.of(CANARY, "${env:Y}")))
                .build();
        Resource profile = Resource.builder(PROFILE, "intune")
                .attribute("name", "Windows SCEP")
                .attribute("scepUrl", new OutputRef(OKTA, "scepUrl"))
                .attribute("sharedSecret", Secret.of(CANARY, "${env:Z}"))
                .build();
        ActualResource profileActual = new ActualResource(PROFILE, "intune", "p1",
                Map.of("name", "Windows SCEP", "scepUrl", "https://old/scep", "sharedSecret", Secret.of(OLD_CANARY, "vendor")),
                Map.of("id", "p1"), Set.of(OKTA));
        Resource root = Resource.builder(ROOT, "intune").attribute("platform", "WINDOWS10").attribute("certificate", CERT)
                .replaceOn("platform").build();
        ActualResource rootActual = new ActualResource(ROOT, "intune", "r1",
                Map.of("platform", "WINDOWS81", "certificate", "short"), Map.of("id", "r1"), Set.of());
        ActualResource old = new ActualResource(OLD, "jamf", "j1", Map.of("payload", Secret.of(OLD_CANARY, "v")), Map.of(), Set.of());
        return planner.plan(List.of(okta, profile, root), List.of(profileActual, rootActual, old),
                List.of("intune: object x has no scephub marker and is left alone"));
    }

    @Test
    void humanPlanShowsEveryActionLikeADiff() {
        String text = new PlanPrinter().render(mixedPlan());

        assertThat(text).contains(
                "+ create okta.scep-configuration/windows-intune\n    + platform = \"WINDOWS\"\n",
                "    + challenge = (sensitive value)\n",
                "    + delegated.tenantId = \"t-1\"\n",
                "    + delegated.clientSecret = (sensitive value)\n",
                "    + secrets = [(sensitive value)]\n",
                "-/+ replace intune.trusted-root/windows-intune (because platform changed)\n",
                "    ~ platform: \"WINDOWS81\" -> \"WINDOWS10\"\n",
                "~ update intune.scep-profile/windows-intune\n",
                "    ~ scepUrl: \"https://old/scep\" -> (known after apply)\n",
                "    ~ sharedSecret: (sensitive value changed)\n",
                "- delete jamf.configuration-profile/old\n",
                "  ! intune: object x has no scephub marker and is left alone\n");
        assertThat(text).endsWith("Plan: 1 to create, 1 to update, 1 to replace, 1 to delete.\n");
    }

    @Test
    void humanPlanAbbreviatesLongValuesWithAHashPrefix() {
        String text = new PlanPrinter().render(mixedPlan());

        assertThat(text).doesNotContain(CERT);
        assertThat(text).containsPattern("~ certificate: \"short\" -> \"MIIDdzCCAl\\+gAwIBAgIUe3Vz…\" \\(" + CERT.length() + " chars, sha256:[0-9a-f]{12}\\)");
    }

    @Test
    void humanPlanNeverShowsSecretValues() {
        String text = new PlanPrinter().render(mixedPlan());

        assertThat(text).doesNotContain(CANARY).doesNotContain(OLD_CANARY).doesNotContain("canary");
    }

    @Test
    void emptyPlanSaysNoChanges() {
        ActualResource same = new ActualResource(OLD, "jamf", "j1", Map.of("a", "b"), Map.of(), Set.of());
        Plan plan = planner.plan(List.of(Resource.builder(OLD, "jamf").attribute("a", "b").build()), List.of(same), List.of());

        assertThat(new PlanPrinter().render(plan)).isEqualTo("No changes. The actual state matches scephub.yaml.\n");
    }

    @Test
    void jsonPlanHasChangesSummaryAndMaskedSecrets() {
        Plan plan = mixedPlan();
        ObjectNode json = new PlanJson().render(plan);

        assertThat(json.get("format_version").asText()).isEqualTo("2.0");
        assertThat(json.get("fingerprint").asText()).isEqualTo(plan.fingerprint());
        assertThat(json.get("changes")).extracting(c -> c.get("action").asText())
                .containsExactly("replace", "create", "update", "delete");
        JsonNode create = json.get("changes").get(1);
        assertThat(create.get("key").asText()).isEqualTo(OKTA.toString());
        assertThat(create.get("connector").asText()).isEqualTo("okta");
        JsonNode challenge = find(create, "challenge");
        assertThat(challenge.get("after").toString()).isEqualTo("{\"sensitive\":true}");
        assertThat(challenge.get("sensitive").asBoolean()).isTrue();
        assertThat(find(create, "delegated.tenantId").get("after").asText()).isEqualTo("t-1");
        JsonNode update = json.get("changes").get(2);
        assertThat(find(update, "scepUrl").get("before").asText()).isEqualTo("https://old/scep");
        assertThat(find(update, "scepUrl").get("after").get("known_after_apply").asBoolean()).isTrue();
        assertThat(json.get("changes").get(0).get("replace_because").toString()).isEqualTo("[\"platform\"]");
        assertThat(json.get("summary").toString()).isEqualTo("{\"create\":1,\"update\":1,\"replace\":1,\"delete\":1}");
        assertThat(json.get("notices")).hasSize(1);
    }

    @Test
    void jsonPlanNeverContainsSecretValues() {
        String json = new PlanJson().render(mixedPlan()).toString();

        assertThat(json).doesNotContain("canary");
    }

    /** The mixed plan plus a redistribution of another, unchanged profile. */
    private Plan planWithRedistribution() {
        Plan mixed = mixedPlan();
        ActualResource profile = new ActualResource(ResourceKey.parse("intune.scep-profile/mac"), "intune", "p2",
                Map.of("name", "Mac SCEP"), Map.of("id", "p2"), Set.of());
        Redistribution redistribution = new Redistribution("mac", profile.key(), 12, Instant.parse("2027-10-05T00:00:00Z"),
                Instant.parse("2027-10-20T00:00:00Z"), 2, 1, 3, Instant.parse("2027-10-01T00:00:00Z"));
        List<PlanChange> changes = new ArrayList<>(mixed.changes());
        changes.add(new PlanChange.Redistribute(profile, redistribution));
        return new Plan(changes, mixed.notices(), mixed.fingerprint());
    }

    @Test
    void humanPlanShowsARedistributeWithWhatItCoversAndCountsIt() {
        String text = new PlanPrinter().render(planWithRedistribution());

        assertThat(text).contains("~ redistribute intune.scep-profile/mac (12 devices expiring from 2027-10-05T00:00:00Z"
                + " to 2027-10-20T00:00:00Z; 2 waves, batch 1 of 3)\n");
        assertThat(text).endsWith("Plan: 1 to create, 1 to update, 1 to replace, 1 to delete, 1 to redistribute.\n");
    }

    @Test
    void jsonPlanGivesARedistributeItsRedistributionObjectAndSummaryCount() {
        ObjectNode json = new PlanJson().render(planWithRedistribution());

        JsonNode redistribute = json.get("changes").get(4);
        assertThat(redistribute.get("action").asText()).isEqualTo("redistribute");
        assertThat(redistribute.get("key").asText()).isEqualTo("intune.scep-profile/mac");
        assertThat(redistribute.get("connector").asText()).isEqualTo("intune");
        assertThat(redistribute.get("changes")).isEmpty();
        assertThat(redistribute.get("redistribution").toString()).isEqualTo("{\"enrollment\":\"mac\",\"devices\":12,"
                + "\"earliest_expiry\":\"2027-10-05T00:00:00Z\",\"latest_expiry\":\"2027-10-20T00:00:00Z\","
                + "\"waves\":2,\"batch\":1,\"batches\":3}");
        assertThat(json.get("summary").get("redistribute").asInt()).isEqualTo(1);
    }

    @Test
    void jsonPlanWithoutRedistributionsHasNoRedistributeCount() {
        assertThat(new PlanJson().render(mixedPlan()).get("summary").has("redistribute")).isFalse();
    }

    private static JsonNode find(JsonNode change, String path) {
        for (JsonNode attribute : change.get("changes")) {
            if (attribute.get("path").asText().equals(path)) {
                return attribute;
            }
        }
        throw new AssertionError("no attribute change " + path + " in " + change.get("key"));
    }
}
