package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `scephub demo`, as the README's first command runs it: one apply converges and the replay is refused. */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void demoConvergesInOneApplyThenPlansNothingAndRefusesTheReplay() throws Exception {
        HubCli.Run run = new HubCli(dir, Map.of()).run("demo", "--dir", "demo");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out())
                .contains("Plan: 12 to create, 0 to update, 0 to replace, 0 to delete.")
                .contains("Apply complete: 12 applied, 0 adopted.")
                .contains("No changes. The actual state matches scephub.yaml.")
                .contains("first use:  accepted")
                .contains("rejected: REPLAYED");
        assertThat(run.out().indexOf("Apply complete")).isLessThan(run.out().indexOf("No changes."));
        String config = Files.readString(dir.resolve("demo/scephub.yaml"));
        assertThat(config).contains("${file:secrets/okta-api-token}").doesNotContain("00sandbox-okta-api-token");
    }
}
