package io.scephub.hub.demo;

import io.scephub.sandbox.Sandbox;
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

    /** Writes (overwrites) the demo files under {@code dir}. */
    public static DemoWorkspace write(Path dir, Sandbox sandbox) {
        try {
            Path secrets = dir.resolve("secrets");
            Files.createDirectories(secrets);
            writeSecret(secrets.resolve("okta-api-token"), sandbox.options().oktaApiToken());
            writeSecret(secrets.resolve("graph-client-secret"), sandbox.options().clientSecret());
            Path certs = dir.resolve("certs");
            Files.createDirectories(certs);
            Files.writeString(certs.resolve("intune-challenge-root.pem"), sandbox.challenges().signerRootPem(), StandardCharsets.UTF_8);
            Path config = dir.resolve("scephub.yaml");
            Files.writeString(config, yaml(sandbox), StandardCharsets.UTF_8);
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

    static String yaml(Sandbox sandbox) {
        return """
                # Written by `scephub demo`: the sandbox's simulated Okta and Microsoft Graph on 127.0.0.1.
                version: 1

                okta:
                  orgUrl: %s
                  auth:
                    apiToken: ${file:secrets/okta-api-token}

                mdm:
                  intune:
                    tenantId: %s
                    clientId: %s
                    clientSecret: ${file:secrets/graph-client-secret}
                    graphBaseUrl: %s
                    authorityHost: %s

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

                state:
                  dataDir: data

                # The sandbox's Intune signs delegated challenges; scephub trusts its root for this enrollment only.
                delegatedChallenge:
                  signers:
                    - issuer: "%s"
                      audience: "%s"
                      algorithms: [ES256]
                      trustAnchors: [certs/intune-challenge-root.pem]
                      requiredSignerEku: %s
                      requireKeyBinding: true
                      platform: windows
                      enrollment: windows-intune
                """.formatted(sandbox.oktaBaseUrl(), sandbox.options().tenantId(), sandbox.options().clientId(),
                sandbox.graphBaseUrl(), sandbox.authorityHost(), sandbox.challenges().issuer(), WINDOWS_AUDIENCE,
                sandbox.challenges().signerEku());
    }
}
