package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** plan --out and apply PLAN against the sandbox vendors: the real connectors give stable fingerprints, and a moved world is refused. */
@ExtendWith(SandboxExtension.class)
class SavedPlanAgainstSandboxTest {
    private static Sandbox sandbox;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    @Test
    void aReviewedPlanIsAppliedExactlyAndAPlanOvertakenByAnotherApplyIsRefused() throws Exception {
        HubCli cli = new HubCli(dir, SandboxConfig.credentials(sandbox));
        SandboxConfig.write(dir, sandbox, SandboxConfig.windows(), SandboxConfig.MACOS);

        assertThat(cli.run("plan", "--out", "reviewed.plan").exitCode()).isEqualTo(2);
        assertThat(cli.run("plan", "--out", "again.plan").exitCode()).isEqualTo(2);
        assertThat(fingerprint("again.plan")).as("reading the same world twice gives the same plan").isEqualTo(fingerprint("reviewed.plan"));

        HubCli.Run apply = cli.run("apply", "reviewed.plan");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(apply.out()).contains("still matches").contains("Apply complete");
        assertThat(cli.run("plan").exitCode()).isZero();

        SandboxConfig.write(dir, sandbox, SandboxConfig.windows("CN={{DeviceId}}", 2048, "\"ODA Windows Pilot\", \"Contractors\""),
                SandboxConfig.MACOS);
        assertThat(cli.run("plan", "--out", "second.plan").exitCode()).isEqualTo(2);
        assertThat(cli.run("apply", "--auto-approve").exitCode()).isZero();
        String before = vendorState();

        HubCli.Run stale = cli.run("apply", "second.plan");

        assertThat(stale.exitCode()).isEqualTo(1);
        assertThat(stale.err()).contains("the saved plan second.plan is stale").contains("Nothing was applied");
        assertThat(vendorState()).isEqualTo(before);
    }

    private String fingerprint(String file) throws Exception {
        return new ObjectMapper().readTree(Files.readString(dir.resolve(file))).path("fingerprint").asText();
    }

    /** What the vendors hold (Okta's registration authorities, Graph's profiles and their assignments). */
    private static String vendorState() {
        StringBuilder sb = new StringBuilder(sandbox.okta().registrationAuthorities().toString());
        sandbox.graph().deviceConfigurations().forEach(p -> sb.append(p).append(sandbox.graph().assignments(p.path("id").asText())));
        return sb.toString();
    }
}
