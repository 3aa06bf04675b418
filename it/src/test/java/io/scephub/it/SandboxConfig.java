package io.scephub.it;

import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxConfigFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes scephub.yaml files that point at a running sandbox; the enrollments part varies per test. */
final class SandboxConfig {
    static final String WINDOWS = """
              - name: windows-intune
                platform: windows
                mdm: intune
                challenge: delegated
                ca: okta
                certificate:
                  subject: "%s"
                  keySize: %d
                  validity: 1y
                groups:
                  include: [ %s ]
                  exclude: [ "Kiosks" ]
            """;
    static final String MACOS = """
              - name: macos-intune
                platform: macos
                mdm: intune
                challenge: delegated
                ca: okta
                groups:
                  include: [ "ODA Macs" ]
            """;

    private SandboxConfig() {
    }

    static String windows(String subject, int keySize, String includeGroups) {
        return WINDOWS.formatted(subject, keySize, includeGroups);
    }

    static String windows() {
        return windows("CN={{DeviceId}}", 2048, "\"ODA Windows Pilot\"");
    }

    /** The file header with the sandbox's URLs, Okta and Intune; secrets come from ${env:...}. */
    static String header(Sandbox sandbox) {
        return header(sandbox, intune(sandbox));
    }

    /**
     * The file header, up to {@code enrollments:}, with Okta and the given {@code mdm:} sections
     * ({@link #intune}, {@link #jamf}, {@link #workspaceOne}); secrets come from ${env:...}.
     */
    static String header(Sandbox sandbox, String... mdmSections) {
        return file(sandbox).header(mdmSections) + "enrollments:\n";
    }

    /** The sandbox's Intune as an {@code mdm:} section. */
    static String intune(Sandbox sandbox) {
        return file(sandbox).intune();
    }

    /** The sandbox's Jamf Pro as an {@code mdm:} section. */
    static String jamf(Sandbox sandbox) {
        return jamf(sandbox, SandboxConfigFile.NO_HOOKS_PORT);
    }

    /** The sandbox's Jamf; its SCEPChallenge webhook calls scephub on {@code hooksPort} of 127.0.0.1 (9: nothing listens). */
    static String jamf(Sandbox sandbox, int hooksPort) {
        return file(sandbox).jamf(hooksPort);
    }

    /** The password the sandbox Jamf's webhook sends to scephub (a canary: it must never show). */
    static final String JAMF_WEBHOOK_PASSWORD = "canary-jamf-webhook-password-3b8e";

    /** The sandbox's Workspace ONE UEM (organization group Corp) as an {@code mdm:} section. */
    static String workspaceOne(Sandbox sandbox) {
        return file(sandbox).workspaceOne();
    }

    /**
     * Like {@link #write} with extra {@code mdm.intune} settings, given as YAML relative to that section
     * (e.g. {@code "renewal:\n  maxProfilesPerWindow: 1\n"}).
     */
    static Path writeWithIntuneSettings(Path dir, Sandbox sandbox, String intuneSettings, String... enrollments) throws IOException {
        Path file = dir.resolve("scephub.yaml");
        Files.writeString(file, header(sandbox, file(sandbox).intune(intuneSettings)) + String.join("", enrollments));
        return file;
    }

    /** The environment the test configs' ${env:...} references read: every sandbox vendor's credentials. */
    static Map<String, String> credentials(Sandbox sandbox) {
        return SandboxConfigFile.environment(sandbox, JAMF_WEBHOOK_PASSWORD);
    }

    private static SandboxConfigFile file(Sandbox sandbox) {
        return SandboxConfigFile.withEnvironment(sandbox);
    }

    static Path write(Path dir, Sandbox sandbox, String... enrollments) throws IOException {
        Path file = dir.resolve("scephub.yaml");
        Files.writeString(file, header(sandbox) + String.join("", enrollments));
        return file;
    }
}
