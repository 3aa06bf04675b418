package io.scephub.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The head of a scephub.yaml that points scephub at a running sandbox: {@code version}, {@code okta} and the
 * {@code mdm} sections, every credential a {@code ${env:...}} or {@code ${file:...}} reference.
 *
 * <p>The one writer of it for the demo, the benchmarks and the end-to-end tests, so a newly required setting is
 * added once. The sandbox imports no project code: this is text in the file format scephub documents.
 */
public final class SandboxConfigFile {
    /** The path at which scephub serve answers Jamf's SCEPChallenge webhook (the jamf connector's hook). */
    public static final String JAMF_HOOK_PATH = "/hooks/jamf/scep-challenge";
    /** The user name the sandbox's Jamf webhook sends. */
    public static final String JAMF_HOOK_USER = "jamf-webhook";
    /** The port of 127.0.0.1 on which nothing listens: Jamf's webhook is registered but never answered. */
    public static final int NO_HOOKS_PORT = 9;

    /** Where {@link #challengeSigners} expects the sandbox Intune's challenge-signer root, relative to the config file. */
    public static final String SIGNER_ROOT_FILE = "certs/intune-challenge-root.pem";

    /** A credential the sections reference, by its environment variable or its file under {@code secrets/}. */
    public enum Credential {
        OKTA_API_TOKEN("okta-api-token"),
        GRAPH_CLIENT_SECRET("graph-client-secret"),
        JAMF_CLIENT_ID("jamf-client-id"),
        JAMF_CLIENT_SECRET("jamf-client-secret"),
        /** scephub's password for Jamf's webhook: chosen by whoever writes the file, not the sandbox's. */
        JAMF_WEBHOOK_PASSWORD("jamf-webhook-password"),
        WS1_CLIENT_ID("ws1-client-id"),
        WS1_CLIENT_SECRET("ws1-client-secret"),
        WS1_API_KEY("ws1-api-key");

        private final String fileName;

        Credential(String fileName) {
            this.fileName = fileName;
        }

        /** The file's name under the secrets directory. */
        public String fileName() {
            return fileName;
        }

        /** The sandbox's value of this credential; the webhook password is the given one. */
        public String value(Sandbox sandbox, String webhookPassword) {
            SandboxOptions o = sandbox.options();
            return switch (this) {
                case OKTA_API_TOKEN -> o.oktaApiToken();
                case GRAPH_CLIENT_SECRET -> o.clientSecret();
                case JAMF_CLIENT_ID -> o.jamfClientId();
                case JAMF_CLIENT_SECRET -> o.jamfClientSecret();
                case JAMF_WEBHOOK_PASSWORD -> webhookPassword;
                case WS1_CLIENT_ID -> o.workspaceOne().clientId();
                case WS1_CLIENT_SECRET -> o.workspaceOne().clientSecret();
                case WS1_API_KEY -> o.workspaceOne().apiKey();
            };
        }
    }

    private final Sandbox sandbox;
    private final Function<Credential, String> reference;

    private SandboxConfigFile(Sandbox sandbox, Function<Credential, String> reference) {
        this.sandbox = sandbox;
        this.reference = reference;
    }

    /** Credentials as {@code ${env:NAME}}, NAME the {@link Credential}'s name (see {@link #environment}). */
    public static SandboxConfigFile withEnvironment(Sandbox sandbox) {
        return new SandboxConfigFile(sandbox, c -> "${env:" + c.name() + "}");
    }

    /** Credentials as {@code ${file:secrets/<file name>}}, relative to the config file. */
    public static SandboxConfigFile withSecretFiles(Sandbox sandbox) {
        return new SandboxConfigFile(sandbox, c -> "${file:secrets/" + c.fileName() + "}");
    }

    /** The environment {@link #withEnvironment} files read: every sandbox credential, and this webhook password. */
    public static Map<String, String> environment(Sandbox sandbox, String webhookPassword) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Credential c : Credential.values()) {
            env.put(c.name(), c.value(sandbox, webhookPassword));
        }
        return Map.copyOf(env);
    }

    /** {@code version} and {@code okta} with these {@code mdm} sections ({@link #intune}, {@link #jamf}, {@link #workspaceOne}). */
    public String header(String... mdmSections) {
        return "version: 1\n" + okta() + "mdm:\n" + String.join("", mdmSections);
    }

    /** {@code version}, {@code okta} and all three MDMs; Jamf's webhook goes to {@link #NO_HOOKS_PORT}. */
    public String header() {
        return header(intune(), jamf(NO_HOOKS_PORT), workspaceOne());
    }

    /** The sandbox's Okta as the {@code okta} section, signing in with its API token. */
    public String okta() {
        return """
                okta:
                  orgUrl: %s
                  auth:
                    apiToken: %s
                """.formatted(sandbox.oktaBaseUrl(), reference.apply(Credential.OKTA_API_TOKEN));
    }

    /** The sandbox's Intune (Microsoft Graph) as a section under {@code mdm}. */
    public String intune() {
        return intune("");
    }

    /** The sandbox's Intune with further settings, YAML relative to the section (e.g. {@code "renewal:\n  maxProfilesPerWindow: 1\n"}). */
    public String intune(String settings) {
        return """
                  intune:
                    tenantId: %s
                    clientId: %s
                    clientSecret: %s
                    graphBaseUrl: %s
                    authorityHost: %s
                """.formatted(sandbox.options().tenantId(), sandbox.options().clientId(),
                reference.apply(Credential.GRAPH_CLIENT_SECRET), sandbox.graphBaseUrl(), sandbox.authorityHost())
                + settings.lines().map(line -> "    " + line + "\n").reduce("", String::concat);
    }

    /** The sandbox's Jamf Pro as a section under {@code mdm}; its SCEPChallenge webhook calls scephub on {@code hooksPort} of 127.0.0.1. */
    public String jamf(int hooksPort) {
        return """
                  jamf:
                    url: %s
                    clientId: %s
                    clientSecret: %s
                    # Jamf asks scephub serve for each Mac's one-time challenge (SCEPChallenge webhook, HTTP Basic).
                    # In production: the HTTPS URL at which Jamf Cloud reaches scephub.
                    webhook:
                      url: http://127.0.0.1:%d%s
                      username: %s
                      password: %s
                """.formatted(sandbox.jamfBaseUrl(), reference.apply(Credential.JAMF_CLIENT_ID),
                reference.apply(Credential.JAMF_CLIENT_SECRET), hooksPort, JAMF_HOOK_PATH, JAMF_HOOK_USER,
                reference.apply(Credential.JAMF_WEBHOOK_PASSWORD));
    }

    /** The sandbox's Workspace ONE UEM (organization group Corp) as a section under {@code mdm}. */
    public String workspaceOne() {
        return """
                  workspaceone:
                    url: %s
                    tokenUrl: %s
                    clientId: %s
                    clientSecret: %s
                    apiKey: %s
                    organizationGroup: Corp
                """.formatted(sandbox.workspaceOneBaseUrl(), sandbox.workspaceOneTokenUrl(),
                reference.apply(Credential.WS1_CLIENT_ID), reference.apply(Credential.WS1_CLIENT_SECRET),
                reference.apply(Credential.WS1_API_KEY));
    }

    /**
     * The {@code delegatedChallenge} section: scephub trusts the sandbox Intune's challenge signer (its root written to
     * {@link #SIGNER_ROOT_FILE}) for the Windows enrollment {@code enrollment}, challenges for {@code audience}.
     */
    public String challengeSigners(String audience, String enrollment, boolean requireKeyBinding) {
        return """
                # The sandbox's Intune signs delegated challenges; scephub trusts its root for this enrollment only.
                delegatedChallenge:
                  signers:
                    - issuer: "%s"
                      audience: "%s"
                      algorithms: [ES256]
                      trustAnchors: [%s]
                      requiredSignerEku: %s
                %s      platform: windows
                      enrollment: %s
                """.formatted(sandbox.challenges().issuer(), audience, SIGNER_ROOT_FILE, sandbox.challenges().signerEku(),
                requireKeyBinding ? "      requireKeyBinding: true\n" : "", enrollment);
    }

    /**
     * One enrollment list entry on {@code mdm} ({@code intune}, {@code jamf} or {@code workspaceone}) scoped to the
     * sandbox's seeded group for it, with Okta as the CA and a renewal policy, so status and forecast cover its fleet.
     */
    public static String renewalEnrollment(String mdm, String name) {
        String head = "  - name: " + name + "\n";
        return head + switch (mdm) {
            case "intune" -> """
                        platform: windows
                        mdm: intune
                        challenge: delegated
                        ca: okta
                        renewal:
                          redistributeBeforeExpiry: 30d
                        groups:
                          include: [ "ODA Windows Pilot" ]
                    """;
            case "jamf" -> """
                        platform: macos
                        mdm: jamf
                        challenge: dynamic
                        ca: okta
                        renewal:
                          redistributeBeforeExpiry: 30d
                        certificate:
                          subject: "CN=$COMPUTERNAME ODA $UDID"
                        groups:
                          include: [ "ODA Macs" ]
                    """;
            case "workspaceone" -> """
                        platform: windows
                        mdm: workspaceone
                        challenge: static
                        ca: okta
                        renewal:
                          redistributeBeforeExpiry: 30d
                        groups:
                          include: [ "ODA Windows WS1" ]
                    """;
            default -> throw new IllegalArgumentException("\"" + mdm + "\" is not an MDM the sandbox simulates");
        };
    }
}
