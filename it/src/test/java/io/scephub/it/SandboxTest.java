package io.scephub.it;

import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class against one sandbox with the default options, started before its first test and closed after its last. */
abstract class SandboxTest {
    static Sandbox sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = Sandbox.start(SandboxOptions.defaults());
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }
}
