package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.RecordedRequest;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import io.scephub.sandbox.Vendor;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graph requests per Intune enrollment, counted in the sandbox's request journal: constant per
 * enrollment on the first apply (no re-listing before each create), and a converged plan far
 * cheaper than one GET per resource ($batch reads, groups resolved once).
 */
class IntuneRequestScaleTest {
    private static Sandbox sandbox;

    @TempDir
    Path dir;

    private HubCli cli;

    // Counts, not throttling, are under test: the sandbox's own 20 s windows would span CLI runs and add 429s.
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(() -> SandboxOptions.builder().graphWritesPer20s(0).graphRequestsPer20s(0).build());

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
    void firstApplyCostsTheSameGraphRequestsPerEnrollmentAtOneAndAtTwenty() throws Exception {
        int one = graphRequestsOfFirstApply(1);
        sandbox.reset();
        int twenty = graphRequestsOfFirstApply(20);

        // Per enrollment: the root and SCEP creates and two /assign posts; reads are shared ($batch of 20, one listing).
        int perEnrollment = (twenty - one) / 19;
        assertThat(perEnrollment).as("N=1: %d requests, N=20: %d requests", one, twenty).isLessThanOrEqualTo(5);
        assertThat(twenty).as("N=1: %d requests, N=20: %d requests", one, twenty).isLessThanOrEqualTo(one + 19 * 5);
    }

    @Test
    void aConvergedPlanOfTwentyEnrollmentsMakesAtLeastTenTimesFewerRequestsThanOneGetPerResource() throws Exception {
        SandboxConfig.write(dir, sandbox, enrollments(20));
        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        sandbox.requests().clear();

        HubCli.Run plan = cli.run("plan");

        assertThat(plan.exitCode()).as(plan.all()).isZero();
        List<RecordedRequest> graph = sandbox.requests().of(Vendor.GRAPH);
        int oneGetPerResource = 20 * 3; // trusted root, SCEP profile and assignment of each enrollment
        assertThat(graph.size() * 10).as("%s", graph).isLessThanOrEqualTo(oneGetPerResource);
        // No per-object GET outside $batch: one listing, the profile reads and the group names in batches.
        assertThat(graph).filteredOn(r -> r.path().matches(".*/deviceConfigurations/[^/]+$")).isEmpty();
    }

    private int graphRequestsOfFirstApply(int enrollments) throws Exception {
        SandboxConfig.write(dir, sandbox, enrollments(enrollments));
        sandbox.requests().clear();
        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        return sandbox.requests().of(Vendor.GRAPH).size();
    }

    private static String[] enrollments(int count) {
        return IntStream.range(0, count).mapToObj(i -> """
                  - name: win-%02d
                    platform: windows
                    mdm: intune
                    challenge: delegated
                    ca: okta
                    groups:
                      include: [ "ODA Windows Pilot" ]
                      exclude: [ "Kiosks" ]
                """.formatted(i)).toArray(String[]::new);
    }
}
