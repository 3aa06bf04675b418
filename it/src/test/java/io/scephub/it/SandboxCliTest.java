package io.scephub.it;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A {@link SandboxTest} whose every test starts on a reset sandbox with the CLI in a fresh directory. */
abstract class SandboxCliTest extends SandboxTest {
    @TempDir
    Path dir;

    HubCli cli;

    @BeforeEach
    void resetSandbox() {
        sandbox.reset();
        cli = new HubCli(dir, SandboxConfig.credentials(sandbox));
    }
}
