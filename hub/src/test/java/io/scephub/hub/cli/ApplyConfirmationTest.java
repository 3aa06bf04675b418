package io.scephub.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apply asks on a terminal, refuses without one unless --auto-approve, and applies saved plans exactly. */
class ApplyConfirmationTest {
    static final String SECRET = "double-secret-canary-4711";

    @TempDir
    Path dir;

    VendorDouble vendor;
    CliRun cli;

    @BeforeEach
    void config() throws Exception {
        vendor = new VendorDouble("Pilot", "Wave 2");
        cli = new CliRun(dir, Map.of("OKTA_TOKEN", "t", "DOUBLE_SECRET", SECRET), vendor.providers());
        write(VendorDouble.enrollment("win", "Pilot"));
    }

    private void write(String enrollments) throws Exception {
        Files.writeString(dir.resolve("scephub.yaml"), VendorDouble.HEAD + enrollments);
    }

    @Test
    void withoutATerminalApplyRefusesBeforeReadingAnything() {
        CliRun.Result r = cli.run("apply");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: apply asks for confirmation, but there is no terminal to ask on;")
                .contains("--auto-approve", "scephub plan --out FILE");
        assertThat(vendor.reads.get()).isZero();
        assertThat(vendor.objects).isEmpty();
    }

    @Test
    void onATerminalOnlyYesApplies() {
        CliRun.ScriptedTerminal no = new CliRun.ScriptedTerminal("y");
        CliRun.Result refused = cli.run(no, "apply");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).contains("+ create double.profile/win");
        assertThat(no.prompts).singleElement().asString().contains("Apply these 1 change(s)", "Only 'yes' will be accepted");
        assertThat(refused.err()).contains("error: apply cancelled; nothing was changed");
        assertThat(vendor.objects).isEmpty();

        CliRun.ScriptedTerminal eof = new CliRun.ScriptedTerminal();
        assertThat(cli.run(eof, "apply").exitCode()).isEqualTo(1);
        assertThat(vendor.objects).isEmpty();

        CliRun.Result applied = cli.run(new CliRun.ScriptedTerminal(" yes "), "apply");
        assertThat(applied.exitCode()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("Apply complete: 1 applied");
        assertThat(vendor.objects).containsKey(new io.scephub.core.resource.ResourceKey("double.profile", "win"));
    }

    @Test
    void nothingToDoNeedsNoConfirmation() {
        assertThat(cli.run("apply", "--auto-approve").exitCode()).isZero();
        CliRun.ScriptedTerminal terminal = new CliRun.ScriptedTerminal();

        CliRun.Result r = cli.run(terminal, "apply");

        assertThat(r.exitCode()).isZero();
        assertThat(terminal.prompts).isEmpty();
        assertThat(r.out()).contains("No changes.");
    }

    @Test
    void autoApproveAppliesWithoutAsking() {
        CliRun.Result r = cli.run("apply", "--auto-approve");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(vendor.objects).hasSize(1);
        assertThat(r.err()).contains("Reading double, okta...").contains("Applying 1 change(s)...");
    }

    @Test
    void jsonApplyNeedsAutoApproveAndSaysSoInJson() throws Exception {
        CliRun.Result r = cli.run(new CliRun.ScriptedTerminal("yes"), "apply", "--output", "json");

        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode error = new ObjectMapper().readTree(r.out()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("APPLY_NOT_CONFIRMED");
        assertThat(r.err()).isEmpty();
        assertThat(vendor.objects).isEmpty();

        CliRun.Result approved = cli.run("apply", "--auto-approve", "--output", "json");
        assertThat(new ObjectMapper().readTree(approved.out()).path("succeeded").asBoolean()).isTrue();
        assertThat(approved.err()).as("no progress lines with --output json").isEmpty();
    }

    @Test
    void aSavedPlanIsAppliedExactlyWithoutAskingAndHoldsNoSecret() throws Exception {
        CliRun.Result plan = cli.run("plan", "--out", "reviewed.plan");
        assertThat(plan.exitCode()).isEqualTo(2);
        String saved = Files.readString(dir.resolve("reviewed.plan"));
        assertThat(saved).doesNotContain(SECRET).contains("\"sensitive\" : true").contains("double.profile/win");

        CliRun.Result apply = cli.run("apply", "reviewed.plan");

        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("The saved plan reviewed.plan still matches").contains("Apply complete: 1 applied");
        assertThat(vendor.objects).hasSize(1);
    }

    @Test
    void aSavedPlanIsRefusedWhenTheFileChangedSince() throws Exception {
        cli.run("plan", "--out", "reviewed.plan");
        write(VendorDouble.enrollment("win", "Pilot", "Wave 2"));

        CliRun.Result apply = cli.run("apply", "reviewed.plan");

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.err()).contains("error: the saved plan reviewed.plan is stale: planning now gives a different plan")
                .contains("Nothing was applied");
        assertThat(vendor.objects).isEmpty();
    }

    @Test
    void aSavedPlanIsRefusedWhenTheVendorChangedSince() throws Exception {
        cli.run("apply", "--auto-approve");
        write(VendorDouble.enrollment("win", "Pilot", "Wave 2"));
        cli.run("plan", "--out", "reviewed.plan");
        var key = new io.scephub.core.resource.ResourceKey("double.profile", "win");
        vendor.objects.computeIfPresent(key, (k, a) -> new io.scephub.core.resource.ActualResource(k, "double", "edited-in-console",
                a.attributes(), a.outputs(), a.dependsOn()));
        int writes = vendor.writes.get();

        CliRun.Result apply = cli.run("apply", "reviewed.plan", "--output", "json");

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(apply.out()).path("error").path("code").asText()).isEqualTo("PLAN_STALE");
        assertThat(vendor.writes.get()).isEqualTo(writes);
    }

    @Test
    void somethingThatIsNotASavedPlanIsNamedAsSuch() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "hello");

        assertThat(cli.run("apply", "notes.txt").err()).contains("notes.txt is not a plan saved by `scephub plan --out` (not JSON)");
        assertThat(cli.run("apply", "missing.plan").err()).contains("saved plan " + dir.resolve("missing.plan") + " not found");
        assertThat(cli.run("apply", ".").err()).contains("is a directory");
        assertThat(vendor.reads.get()).isZero();
    }

    @Test
    void aFailedChangeIsReportedOnceWithItsReason() throws Exception {
        write(VendorDouble.enrollment("win", "Pilot") + VendorDouble.enrollment("win-two", "Pilot"));
        vendor.refuse.add("win-two");

        CliRun.Result r = cli.run("apply", "--auto-approve");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat((r.out() + r.err()).split("error 4711", -1)).as(r.out() + r.err()).hasSize(2);
        assertThat(r.out()).contains("double.profile/win-two: failed").contains("Apply incomplete: 1 applied");
    }

    @Test
    void aSavedPlanIsAppliedToItsOwnConfigurationOnly() throws Exception {
        cli.run("plan", "--out", "reviewed.plan");
        Files.writeString(dir.resolve("other.yaml"), VendorDouble.HEAD + VendorDouble.enrollment("win", "Pilot"));

        CliRun.Result r = cli.run("apply", "reviewed.plan", "--config", "other.yaml");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("the saved plan reviewed.plan was made from " + dir.resolve("scephub.yaml") + ", not other.yaml");
        assertThat(vendor.objects).isEmpty();
        assertThat(cli.run("apply", "reviewed.plan", "--config", "scephub.yaml").exitCode()).isZero();
    }
}
