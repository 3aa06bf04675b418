package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.WorkspaceOneOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Okta (static challenge) plus Workspace ONE for Windows, planned and applied by the hub against the sandbox. */
@ExtendWith(SandboxExtension.class)
class WorkspaceOneAgainstSandboxTest {
    private static Sandbox sandbox;

    @TempDir
    Path dir;

    private HubCli cli;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    @BeforeEach
    void resetSandbox() {
        sandbox.reset();
        cli = new HubCli(dir, SandboxConfig.credentials(sandbox));
    }

    @Test
    void planThenApplyThenPlanFindsNothingToDo() throws Exception {
        write("\"ODA Windows WS1\"");

        HubCli.Run plan = cli.run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("okta.scep-configuration/windows-ws1").contains("workspaceone.credential-profile/windows-ws1");

        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();

        HubCli.Run again = cli.run("plan");
        assertThat(again.exitCode()).as(again.all()).isZero();
        List<JsonNode> owned = ownedProfiles();
        assertThat(owned).singleElement().satisfies(p -> {
            assertThat(p.path("General").path("AssignedSmartGroups")).extracting(g -> g.path("Name").asText())
                    .containsExactly("ODA Windows WS1");
            assertThat(p.path("General").path("Description").asText()).contains("/pki/").contains("/scep/rac");
        });
        assertThat(apply.all()).doesNotContain(sandbox.options().workspaceOne().clientSecret())
                .doesNotContain(sandbox.options().workspaceOne().apiKey());
    }

    @Test
    void changingTheSmartGroupGivesExactlyOneUpdate() throws Exception {
        write("\"ODA Windows WS1\"");
        assertThat(cli.run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(cli.run("plan").exitCode()).isZero();
        write("\"ODA Windows WS1\", \"Kiosks WS1\"");

        HubCli.Run plan = cli.run("plan", "--output", "json");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        List<JsonNode> changes = effectiveChanges(plan.out());
        assertThat(changes).as(plan.out()).singleElement().satisfies(c -> {
            assertThat(c.path("action").asText()).isEqualTo("update");
            assertThat(c.path("key").asText()).isEqualTo("workspaceone.credential-profile/windows-ws1");
            assertThat(c.path("changes")).extracting(x -> x.path("path").asText()).containsExactly("assignedSmartGroups");
        });

        long writesBefore = ws1Writes();
        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(ws1Writes() - writesBefore).as("Workspace ONE writes for one update").isEqualTo(1);
        assertThat(cli.run("plan").exitCode()).isZero();
        assertThat(ownedProfiles()).hasSize(1);
    }

    @Test
    void aSmartGroupThatDoesNotExistStopsThePlanBeforeAnythingIsApplied() throws Exception {
        write("\"ODA Windows WS1\", \"No Such Group\"");

        HubCli.Run plan = cli.run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isNotIn(0, 2);
        assertThat(plan.all()).containsPattern("scephub\\.yaml:\\d+:\\d+: enrollments\\[0\\]\\.groups\\.include\\[1\\]")
                .contains("\"No Such Group\" not found");

        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isNotIn(0, 2);
        assertThat(apply.all()).contains("groups.include[1]");
        assertThat(ownedProfiles()).isEmpty();
        assertThat(sandbox.requests().all()).as("no vendor writes").noneMatch(r -> !r.method().equals("GET")
                && !r.path().toLowerCase(java.util.Locale.ROOT).endsWith("/token") && !r.path().contains("/oauth2/"));
    }

    private void write(String groups) throws Exception {
        WorkspaceOneOptions ws1 = sandbox.options().workspaceOne();
        Files.writeString(dir.resolve("scephub.yaml"),
                SandboxConfig.header(sandbox, SandboxConfig.workspaceOne(sandbox)) + """
                  - name: windows-ws1
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    ca: okta
                    groups:
                      include: [ %s ]
                """.formatted(groups));
        assertThat(ws1.clientId()).isNotBlank();
    }

    private static List<JsonNode> effectiveChanges(String planJson) throws Exception {
        JsonNode plan = new ObjectMapper().readTree(planJson);
        List<JsonNode> out = new ArrayList<>();
        plan.path("changes").forEach(c -> {
            if (!"no-op".equals(c.path("action").asText())) {
                out.add(c);
            }
        });
        return out;
    }

    private static long ws1Writes() {
        return sandbox.requests().all().stream()
                .filter(r -> !r.method().equals("GET") && r.path().toLowerCase(java.util.Locale.ROOT).startsWith("/api/mdm/profiles"))
                .count();
    }

    private static List<JsonNode> ownedProfiles() {
        return sandbox.workspaceOne().profiles().stream()
                .filter(p -> p.path("General").path("Description").asText().contains("[scephub:")).toList();
    }
}
