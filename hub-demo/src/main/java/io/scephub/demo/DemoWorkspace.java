package io.scephub.demo;

import io.scephub.sandbox.OktaOidcProvider;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxConfigFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The demo's scephub.yaml and secret files, pointing at a running sandbox. */
public record DemoWorkspace(Path config, Path secretsDir) {
    /** The SCEP configuration the demo's Windows challenges are issued for. */
    public static final String WINDOWS_AUDIENCE = "okta-scep:windows-intune";

    /**
     * Writes (overwrites) the demo files under {@code dir}, with scephub serve (REST API, operator console and the
     * Jamf webhook's endpoint) on {@code port} of 127.0.0.1.
     */
    public static DemoWorkspace write(Path dir, Sandbox sandbox, int port) {
        DemoWorkspace workspace = withHooksOn(dir, sandbox, port);
        try {
            Files.writeString(workspace.config(), yaml(sandbox, port) + serverSection(sandbox, port), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + workspace.config() + ": " + e.getMessage(), e);
        }
        return workspace;
    }

    /**
     * The {@code server:} section: the REST API and the console on {@code port}, signing in with the sandbox
     * Okta's OIDC app; its demo groups map to viewer and operator.
     */
    public static String serverSection(Sandbox sandbox, int port) {
        return """

                # The operator console at http://127.0.0.1:%d/ signs in with the sandbox Okta's OIDC app.
                server:
                  listen: 127.0.0.1:%d
                  console:
                    issuer: %s
                    clientId: %s
                    clientSecret: ${file:secrets/console-client-secret}
                    redirectUri: http://127.0.0.1:%d/auth/callback
                    viewers: [ "%s" ]
                    operators: [ "%s" ]
                """.formatted(port, port, sandbox.oidc().issuer(), OktaOidcProvider.CONSOLE_CLIENT_ID, port,
                OktaOidcProvider.VIEWER_GROUP, OktaOidcProvider.OPERATOR_GROUP);
    }

    /** The path at which scephub serve answers Jamf's SCEPChallenge webhook (connector jamf's hook). */
    public static final String JAMF_HOOK_PATH = SandboxConfigFile.JAMF_HOOK_PATH;
    /** The user name the sandbox's Jamf webhook sends; its password is a generated demo secret. */
    public static final String JAMF_HOOK_USER = SandboxConfigFile.JAMF_HOOK_USER;

    /** Writes (overwrites) the demo files under {@code dir}; Jamf's webhook calls scephub on {@code hooksPort} of 127.0.0.1. */
    public static DemoWorkspace withHooksOn(Path dir, Sandbox sandbox, int hooksPort) {
        try {
            Path secrets = dir.resolve("secrets");
            Files.createDirectories(secrets);
            for (SandboxConfigFile.Credential credential : SandboxConfigFile.Credential.values()) {
                if (credential != SandboxConfigFile.Credential.JAMF_WEBHOOK_PASSWORD) {
                    writeSecret(secrets.resolve(credential.fileName()), credential.value(sandbox, null));
                }
            }
            writeSecret(secrets.resolve("console-client-secret"), sandbox.oidc().clientSecret());
            Path hookPassword = secrets.resolve(SandboxConfigFile.Credential.JAMF_WEBHOOK_PASSWORD.fileName());
            if (!Files.exists(hookPassword)) {
                writeSecret(hookPassword, java.util.HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(16)));
            }
            Path signerRoot = dir.resolve(SandboxConfigFile.SIGNER_ROOT_FILE);
            Files.createDirectories(signerRoot.getParent());
            Files.writeString(signerRoot, sandbox.challenges().signerRootPem(), StandardCharsets.UTF_8);
            Path config = dir.resolve("scephub.yaml");
            Files.writeString(config, yaml(sandbox, hooksPort), StandardCharsets.UTF_8);
            return new DemoWorkspace(config, secrets);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo workspace under " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writeSecret(Path file, String value) throws IOException {
        Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system: the file keeps the default permissions.
        }
    }

    static String yaml(Sandbox sandbox, int hooksPort) {
        SandboxConfigFile file = SandboxConfigFile.withSecretFiles(sandbox);
        return """
                # Written by `scephub demo`: the sandbox's simulated Okta and MDMs on 127.0.0.1.
                %s
                enrollments:
                  - name: windows-intune
                    platform: windows
                    mdm: intune
                    challenge: delegated
                    ca: okta
                    certificate:
                      subject: "CN={{DeviceId}}"
                      keySize: 2048
                      validity: 1y
                      renewalThresholdPercent: 20
                    groups:
                      include: [ "ODA Windows Pilot" ]
                      exclude: [ "Kiosks" ]

                  - name: macos-intune
                    platform: macos
                    mdm: intune
                    challenge: delegated
                    ca: okta
                    certificate:
                      subject: "CN={{DeviceId}}"
                      keySize: 2048
                    groups:
                      include: [ "ODA Macs" ]

                  - name: macos-jamf
                    platform: macos
                    mdm: jamf
                    challenge: dynamic
                    ca: okta
                    certificate:
                      subject: "CN=$COMPUTERNAME ODA $UDID"
                    groups:
                      include: [ "ODA Macs" ]        # a Jamf Smart Group

                  - name: windows-ws1
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    ca: okta
                    groups:
                      include: [ "ODA Windows WS1" ]

                state:
                  dataDir: data

                """.formatted(file.header(file.intune(), file.jamf(hooksPort), file.workspaceOne()))
                + file.challengeSigners(WINDOWS_AUDIENCE, "windows-intune", true);
    }
}
