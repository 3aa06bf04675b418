package io.scephub.bench;

import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxConfigFile;
import java.util.EnumMap;
import java.util.Map;

/**
 * A scephub.yaml with N enrollments spread round-robin over the four kinds the demo shows: Windows and macOS on
 * Intune, macOS on Jamf, Windows on Workspace ONE; each also has its Okta SCEP configuration.
 */
final class EnrollmentFleet {
    /** The four kinds, in the round-robin order. */
    enum Kind {
        WINDOWS_INTUNE, MACOS_INTUNE, MACOS_JAMF, WINDOWS_WS1
    }

    private EnrollmentFleet() {
    }

    /** How many of each kind {@code n} enrollments have. */
    static Map<Kind, Integer> counts(int n) {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        for (int i = 0; i < n; i++) {
            counts.merge(Kind.values()[i % 4], 1, Integer::sum);
        }
        return counts;
    }

    /** The environment the file's ${env:...} references read. */
    static Map<String, String> credentials(Sandbox sandbox) {
        return SandboxConfigFile.environment(sandbox, "bench-jamf-webhook-password");
    }

    /** The file up to {@code enrollments:}: Okta and the three MDMs of the sandbox. */
    static String header(Sandbox sandbox) {
        return SandboxConfigFile.withEnvironment(sandbox).header();
    }

    static String yaml(Sandbox sandbox, int n) {
        StringBuilder out = new StringBuilder(header(sandbox)).append("enrollments:\n");
        for (int i = 0; i < n; i++) {
            out.append(enrollment(Kind.values()[i % 4], i + 1));
        }
        out.append("state:\n  dataDir: data\n");
        return out.toString();
    }

    static String enrollment(Kind kind, int number) {
        String name = "e%04d-%s".formatted(number, kind.name().toLowerCase().replace('_', '-'));
        return switch (kind) {
            case WINDOWS_INTUNE -> """
                      - name: %s
                        platform: windows
                        mdm: intune
                        challenge: delegated
                        ca: okta
                        groups:
                          include: [ "ODA Windows Pilot" ]
                          exclude: [ "Kiosks" ]
                    """.formatted(name);
            case MACOS_INTUNE -> """
                      - name: %s
                        platform: macos
                        mdm: intune
                        challenge: delegated
                        ca: okta
                        groups:
                          include: [ "ODA Macs" ]
                    """.formatted(name);
            case MACOS_JAMF -> """
                      - name: %s
                        platform: macos
                        mdm: jamf
                        challenge: dynamic
                        ca: okta
                        certificate:
                          subject: "CN=$COMPUTERNAME ODA $UDID"
                        groups:
                          include: [ "ODA Macs" ]
                    """.formatted(name);
            case WINDOWS_WS1 -> """
                      - name: %s
                        platform: windows
                        mdm: workspaceone
                        challenge: static
                        ca: okta
                        groups:
                          include: [ "ODA Windows WS1" ]
                    """.formatted(name);
        };
    }
}
