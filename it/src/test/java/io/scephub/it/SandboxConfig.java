package io.scephub.it;

import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
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
        return """
                version: 1
                okta:
                  orgUrl: %s
                  auth:
                    apiToken: ${env:OKTA_API_TOKEN}
                mdm:
                %senrollments:
                """.formatted(sandbox.oktaBaseUrl(), String.join("", mdmSections));
    }

    /** The sandbox's Intune as an {@code mdm:} section. */
    static String intune(Sandbox sandbox) {
        return """
                  intune:
                    tenantId: %s
                    clientId: %s
                    clientSecret: ${env:GRAPH_CLIENT_SECRET}
                    graphBaseUrl: %s
                    authorityHost: %s
                """.formatted(sandbox.options().tenantId(), sandbox.options().clientId(), sandbox.graphBaseUrl(),
                sandbox.authorityHost());
    }

    /** The sandbox's Jamf Pro as an {@code mdm:} section. */
    static String jamf(Sandbox sandbox) {
        return jamf(sandbox, 9);
    }

    /** The sandbox's Jamf; its SCEPChallenge webhook calls scephub on {@code hooksPort} of 127.0.0.1 (9: nothing listens). */
    static String jamf(Sandbox sandbox, int hooksPort) {
        return """
                  jamf:
                    url: %s
                    clientId: ${env:JAMF_CLIENT_ID}
                    clientSecret: ${env:JAMF_CLIENT_SECRET}
                    webhook:
                      url: http://127.0.0.1:%d/hooks/jamf/scep-challenge
                      username: jamf-webhook
                      password: ${env:JAMF_WEBHOOK_PASSWORD}
                """.formatted(sandbox.jamfBaseUrl(), hooksPort);
    }

    /** The password the sandbox Jamf's webhook sends to scephub (a canary: it must never show). */
    static final String JAMF_WEBHOOK_PASSWORD = "canary-jamf-webhook-password-3b8e";

    /** The sandbox's Workspace ONE UEM (organization group Corp) as an {@code mdm:} section. */
    static String workspaceOne(Sandbox sandbox) {
        return """
                  workspaceone:
                    url: %s
                    tokenUrl: %s
                    clientId: ${env:WS1_CLIENT_ID}
                    clientSecret: ${env:WS1_CLIENT_SECRET}
                    apiKey: ${env:WS1_API_KEY}
                    organizationGroup: Corp
                """.formatted(sandbox.workspaceOneBaseUrl(), sandbox.workspaceOneTokenUrl());
    }

    /**
     * Like {@link #write} with extra {@code mdm.intune} settings, given as YAML relative to that section
     * (e.g. {@code "renewal:\n  maxProfilesPerWindow: 1\n"}).
     */
    static Path writeWithIntuneSettings(Path dir, Sandbox sandbox, String intuneSettings, String... enrollments) throws IOException {
        String indented = intuneSettings.lines().map(line -> "    " + line + "\n").reduce("", String::concat);
        String header = header(sandbox).replace("\nenrollments:\n", "\n" + indented + "enrollments:\n");
        Path file = dir.resolve("scephub.yaml");
        Files.writeString(file, header + String.join("", enrollments));
        return file;
    }

    /** The environment the test configs' ${env:...} references read: every sandbox vendor's credentials. */
    static Map<String, String> credentials(Sandbox sandbox) {
        SandboxOptions o = sandbox.options();
        return Map.of("OKTA_API_TOKEN", o.oktaApiToken(), "GRAPH_CLIENT_SECRET", o.clientSecret(),
                "JAMF_CLIENT_ID", o.jamfClientId(), "JAMF_CLIENT_SECRET", o.jamfClientSecret(),
                "JAMF_WEBHOOK_PASSWORD", JAMF_WEBHOOK_PASSWORD,
                "WS1_CLIENT_ID", o.workspaceOne().clientId(), "WS1_CLIENT_SECRET", o.workspaceOne().clientSecret(),
                "WS1_API_KEY", o.workspaceOne().apiKey());
    }

    static Path write(Path dir, Sandbox sandbox, String... enrollments) throws IOException {
        Path file = dir.resolve("scephub.yaml");
        Files.writeString(file, header(sandbox) + String.join("", enrollments));
        return file;
    }
}
