package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The hub's plan/apply against the sandbox vendors: convergence, single updates, owned-only deletes. */
@ExtendWith(SandboxExtension.class)
class ReconcileAgainstSandboxTest {
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
    void planExitsTwoThenApplyConvergesAndPlanExitsZero() throws Exception {
        SandboxConfig.write(dir, sandbox, SandboxConfig.windows(), SandboxConfig.MACOS);

        HubCli.Run plan = cli.run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("+ create okta.scep-configuration/windows-intune")
                .contains("intune.scep-profile/macos-intune");

        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();

        HubCli.Run again = cli.run("plan");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(ownedProfiles()).hasSize(4);
        assertThat(ownedRegistrationAuthorities()).hasSize(2);
    }

    @Test
    void changingTheIncludedGroupsGivesExactlyOneUpdateOfTheAssignment() throws Exception {
        convergeOn(SandboxConfig.windows());
        SandboxConfig.write(dir, sandbox, SandboxConfig.windows("CN={{DeviceId}}", 2048, "\"ODA Windows Pilot\", \"Contractors\""));

        assertSingleUpdate("intune.assignment/windows-intune", "include");
    }

    @Test
    void changingTheSubjectGivesExactlyOneUpdateOfTheScepProfile() throws Exception {
        convergeOn(SandboxConfig.windows());
        SandboxConfig.write(dir, sandbox, SandboxConfig.windows("CN={{DeviceId}},O=Example", 2048, "\"ODA Windows Pilot\""));

        assertSingleUpdate("intune.scep-profile/windows-intune", "subjectNameFormatString");
    }

    @Test
    void changingTheKeySizeGivesExactlyOneUpdateOfTheScepProfile() throws Exception {
        convergeOn(SandboxConfig.windows());
        SandboxConfig.write(dir, sandbox, SandboxConfig.windows("CN={{DeviceId}}", 4096, "\"ODA Windows Pilot\""));

        assertSingleUpdate("intune.scep-profile/windows-intune", "keySize");
    }

    @Test
    void removingAnEnrollmentDeletesOnlyWhatScephubCreatedForIt() throws Exception {
        List<JsonNode> unmanagedBefore = unmanagedProfiles();
        assertThat(unmanagedBefore).as("the sandbox seeds a profile scephub did not create").isNotEmpty();
        convergeOn(SandboxConfig.windows(), SandboxConfig.MACOS);
        SandboxConfig.write(dir, sandbox, SandboxConfig.windows());

        HubCli.Run plan = cli.run("plan", "--output", "json");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        List<String> deletes = new ArrayList<>();
        for (JsonNode change : effectiveChanges(plan.out())) {
            assertThat(change.path("action").asText()).isEqualTo("delete");
            deletes.add(change.path("key").asText());
        }
        assertThat(deletes).containsExactlyInAnyOrder("okta.scep-configuration/macos-intune",
                "intune.trusted-root/macos-intune", "intune.scep-profile/macos-intune", "intune.assignment/macos-intune");

        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(unmanagedProfiles()).isEqualTo(unmanagedBefore);
        assertThat(ownedProfiles()).extracting(p -> p.path("displayName").asText()).noneMatch(n -> n.contains("macos"));
        assertThat(ownedRegistrationAuthorities()).hasSize(1);
        assertThat(cli.run("plan").exitCode()).isZero();
    }

    private void convergeOn(String... enrollments) throws Exception {
        SandboxConfig.write(dir, sandbox, enrollments);
        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(cli.run("plan").exitCode()).isZero();
    }

    private void assertSingleUpdate(String key, String attribute) throws Exception {
        HubCli.Run plan = cli.run("plan", "--output", "json");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        List<JsonNode> changes = effectiveChanges(plan.out());
        assertThat(changes).as(plan.out()).hasSize(1);
        assertThat(changes.get(0).path("action").asText()).isEqualTo("update");
        assertThat(changes.get(0).path("key").asText()).isEqualTo(key);
        assertThat(changes.get(0).path("changes")).extracting(c -> c.path("path").asText()).containsExactly(attribute);

        long writesBefore = graphWrites();
        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(cli.run("plan").exitCode()).isZero();
        assertThat(graphWrites() - writesBefore).as("vendor writes for one update").isBetween(1L, 2L);
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

    private static long graphWrites() {
        return sandbox.requests().all().stream()
                .filter(r -> !r.method().equals("GET") && r.path().contains("/deviceConfigurations")).count();
    }

    private static List<JsonNode> ownedProfiles() {
        return sandbox.graph().deviceConfigurations().stream()
                .filter(p -> p.path("description").asText().contains("[scephub:")).toList();
    }

    private static List<JsonNode> unmanagedProfiles() {
        return sandbox.graph().deviceConfigurations().stream()
                .filter(p -> !p.path("description").asText().contains("[scephub:")).toList();
    }

    private static List<JsonNode> ownedRegistrationAuthorities() {
        return sandbox.okta().registrationAuthorities().stream()
                .filter(p -> p.path("description").asText().contains("[scephub:")).toList();
    }

    static String read(Path p) throws Exception {
        return Files.readString(p);
    }
}
