package io.scephub.sandbox;

/**
 * The one way the sandbox module's own tests start a sandbox. Every other module's tests use
 * test-fixtures' {@code SandboxExtension}; these cannot, as test-fixtures depends on the sandbox and
 * Maven refuses the cycle. The caller closes it, with {@code @AutoClose} on the field or try-with-resources.
 */
final class TestSandbox {
    private TestSandbox() {
    }

    /** A sandbox with {@link SandboxOptions#defaults()}. */
    static Sandbox running() {
        return running(SandboxOptions.defaults());
    }

    /** A sandbox with these options. */
    static Sandbox running(SandboxOptions options) {
        return Sandbox.start(options);
    }
}
