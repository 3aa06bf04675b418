package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import io.scephub.sandbox.Vendor;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A group name Entra does not know stops plan and apply before anything is written, naming the enrollment and field. */
class IntuneUnknownGroupTest {
    private static Sandbox sandbox;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSandbox() {
        sandbox = Sandbox.start(SandboxOptions.defaults());
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @Test
    void planAndApplyRefuseAGroupEntraDoesNotKnowAndWriteNothing() throws Exception {
        sandbox.reset();
        HubCli cli = new HubCli(dir, SandboxConfig.credentials(sandbox));
        SandboxConfig.write(dir, sandbox, SandboxConfig.windows("CN={{DeviceId}}", 2048, "\"ODA Windows Pilot\", \"No Such Group\""));

        HubCli.Run plan = cli.run("plan");
        HubCli.Run apply = cli.run("apply");

        for (HubCli.Run run : new HubCli.Run[]{plan, apply}) {
            assertThat(run.exitCode()).as(run.all()).isNotIn(0, 2);
            assertThat(run.all()).contains("windows-intune").contains("groups.include[1]").contains("No Such Group");
        }
        assertThat(sandbox.requests().all()).as("nothing written to any vendor")
                .noneMatch(r -> !r.method().equals("GET") && !r.path().endsWith("/$batch") && !r.path().endsWith("/token"));
        assertThat(sandbox.requests().of(Vendor.GRAPH)).noneMatch(r -> r.method().equals("POST") && r.path().endsWith("/deviceConfigurations"));
    }
}
