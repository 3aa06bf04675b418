package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.Vendor;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A group name Entra does not know stops plan and apply before anything is written, naming the enrollment and field. */
@ExtendWith(SandboxExtension.class)
class IntuneUnknownGroupTest {
    private static Sandbox sandbox;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    @Test
    void planAndApplyRefuseAGroupEntraDoesNotKnowAndWriteNothing() throws Exception {
        sandbox.reset();
        HubCli cli = new HubCli(dir, SandboxConfig.credentials(sandbox));
        SandboxConfig.write(dir, sandbox, SandboxConfig.windows("CN={{DeviceId}}", 2048, "\"ODA Windows Pilot\", \"No Such Group\""));

        HubCli.Run plan = cli.run("plan");
        HubCli.Run apply = cli.run("apply", "--auto-approve");

        for (HubCli.Run run : new HubCli.Run[]{plan, apply}) {
            assertThat(run.exitCode()).as(run.all()).isNotIn(0, 2);
            assertThat(run.all()).contains("No Such Group")
                    .containsPattern("scephub\\.yaml:\\d+:\\d+: enrollments\\[0\\]\\.groups\\.include\\[1\\]");
        }
        assertThat(sandbox.requests().all()).as("nothing written to any vendor")
                .noneMatch(r -> !r.method().equals("GET") && !r.path().endsWith("/$batch") && !r.path().endsWith("/token"));
        assertThat(sandbox.requests().of(Vendor.GRAPH)).noneMatch(r -> r.method().equals("POST") && r.path().endsWith("/deviceConfigurations"));
    }
}
