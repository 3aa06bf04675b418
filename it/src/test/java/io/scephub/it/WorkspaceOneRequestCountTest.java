package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.Vendor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workspace ONE requests per enrollment are constant (issue #8): the first apply and a converged plan
 * of N enrollments, counted in the sandbox's request journal, grow by the same number of requests for
 * every added enrollment — one listing of profiles, smart groups and picklists per plan, the
 * ownership look-up before each create answered from it.
 */
@ExtendWith(SandboxExtension.class)
class WorkspaceOneRequestCountTest {
    private static Sandbox sandbox;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    /** Workspace ONE requests of the first apply and of the converged plan after it. */
    private record Counts(long apply, long plan, long refresh) {
    }

    @Test
    void requestsPerEnrollmentAreConstantFromOneToTwentyEnrollments() throws Exception {
        Map<Integer, Counts> counts = new LinkedHashMap<>();
        for (int n : new int[] {1, 2, 20}) {
            counts.put(n, run(n));
        }
        long applyPerEnrollment = counts.get(2).apply() - counts.get(1).apply();
        long planPerEnrollment = counts.get(2).plan() - counts.get(1).plan();
        long refreshPerEnrollment = counts.get(2).refresh() - counts.get(1).refresh();

        assertThat(counts.get(20).apply()).as("first apply: %s", counts).isEqualTo(counts.get(1).apply() + 19 * applyPerEnrollment);
        assertThat(counts.get(20).plan()).as("converged plan: %s", counts).isEqualTo(counts.get(1).plan() + 19 * planPerEnrollment);
        assertThat(counts.get(20).refresh()).as("plan --refresh: %s", counts)
                .isEqualTo(counts.get(1).refresh() + 19 * refreshPerEnrollment);
        // A create and its read-back. A plan right after takes what the apply wrote from kept reads; with --refresh,
        // the one GET of each profile (the search has no description).
        assertThat(applyPerEnrollment).as("first apply: %s", counts).isEqualTo(2);
        assertThat(planPerEnrollment).as("converged plan: %s", counts).isZero();
        assertThat(refreshPerEnrollment).as("plan --refresh: %s", counts).isEqualTo(1);
        System.out.println("workspaceone requests by enrollments (apply, plan, plan --refresh): " + counts);
    }

    /** One n from empty, with its own state store (the reset sandbox hands out the same ids again). */
    private Counts run(int n) throws Exception {
        sandbox.reset();
        Path dir = Files.createDirectories(this.dir.resolve("n" + n));
        HubCli cli = new HubCli(dir, SandboxConfig.credentials(sandbox));
        write(dir, n);
        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        long applied = sandbox.requests().of(Vendor.WORKSPACEONE).size();
        sandbox.requests().clear();
        HubCli.Run plan = cli.run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        long planned = sandbox.requests().of(Vendor.WORKSPACEONE).size();
        sandbox.requests().clear();
        HubCli.Run refresh = cli.run("plan", "--refresh");
        assertThat(refresh.exitCode()).as(refresh.all()).isZero();
        long refreshed = sandbox.requests().of(Vendor.WORKSPACEONE).size();
        assertThat(sandbox.workspaceOne().profiles()).filteredOn(p -> p.path("General").path("Description").asText().contains("[scephub:"))
                .hasSize(n);
        return new Counts(applied, planned, refreshed);
    }

    private void write(Path dir, int n) throws Exception {
        StringBuilder enrollments = new StringBuilder();
        for (int i = 0; i < n; i++) {
            enrollments.append("""
                      - name: windows-ws1-%02d
                        platform: windows
                        mdm: workspaceone
                        challenge: static
                        ca: okta
                        groups:
                          include: [ "ODA Windows WS1" ]
                          exclude: [ "Kiosks WS1" ]
                    """.formatted(i));
        }
        Files.writeString(dir.resolve("scephub.yaml"),
                SandboxConfig.header(sandbox, SandboxConfig.workspaceOne(sandbox))
                + enrollments);
    }
}
