package io.scephub.sandbox;

import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Sandbox} starts: the credentials it accepts, its ports, rate limits and faults.
 * {@code toString()} masks every secret.
 *
 * @param oktaApiToken          accepted as {@code Authorization: SSWS <token>}
 * @param oktaClientId          the API service app allowed to use {@code private_key_jwt}
 * @param oktaClientPublicKey   when present, client assertions must be signed by its private key
 * @param oktaRateLimitPerMinute enforced per minute with 429 E0000047 when above 0
 * @param tenantId              the Entra tenant whose token endpoint works
 * @param clientId              the Entra app id accepted there
 * @param clientSecret          its secret
 * @param graphWritesPer20s     Intune's write limit per app per 20 s window (0: not enforced)
 * @param graphRequestsPer20s   Intune's limit for all requests per app per 20 s (0: not enforced)
 * @param initialFaults         fault rules installed at start (for the CLI demo)
 * @param oktaPort              0 picks a free port
 * @param graphPort             0 picks a free port
 * @param clock                 drives token expiry and rate-limit windows
 * @param jamfClientId          the Jamf Pro API client accepted at /api/oauth/token
 * @param jamfClientSecret      its secret
 * @param jamfPort              0 picks a free port
 * @param workspaceOne          the Workspace ONE UEM simulator's credentials, rate limit and port
 */
public record SandboxOptions(String oktaApiToken, String oktaClientId, Optional<PublicKey> oktaClientPublicKey,
                             int oktaRateLimitPerMinute, String tenantId, String clientId, String clientSecret,
                             int graphWritesPer20s, int graphRequestsPer20s, List<InitialFault> initialFaults,
                             int oktaPort, int graphPort, Clock clock,
                             String jamfClientId, String jamfClientSecret, int jamfPort,

                             WorkspaceOneOptions workspaceOne) {

    public static final String DEFAULT_OKTA_API_TOKEN = "00sandbox-okta-api-token";
    public static final String DEFAULT_OKTA_CLIENT_ID = "0oasandboxServiceApp";
    public static final String DEFAULT_TENANT_ID = "7f0d2a6e-5c1b-4e8a-9d3f-0a1b2c3d4e5f";
    public static final String DEFAULT_CLIENT_ID = "c0ffee00-1234-4abc-8def-0123456789ab";
    public static final String DEFAULT_CLIENT_SECRET = "sandbox-client-secret";
    public static final String DEFAULT_JAMF_CLIENT_ID = "3f1e5c2a-jamf-sandbox-client";
    public static final String DEFAULT_JAMF_CLIENT_SECRET = "sandbox-jamf-client-secret";

    /** A fault rule for start-up: every {@code everyNth} request to {@code vendor} gets {@code fault}. */
    public record InitialFault(Vendor vendor, int everyNth, Fault fault) {
    }

    public SandboxOptions {
        Objects.requireNonNull(oktaApiToken, "oktaApiToken");
        Objects.requireNonNull(oktaClientId, "oktaClientId");
        Objects.requireNonNull(oktaClientPublicKey, "oktaClientPublicKey");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(jamfClientId, "jamfClientId");
        Objects.requireNonNull(jamfClientSecret, "jamfClientSecret");
        Objects.requireNonNull(workspaceOne, "workspaceOne");
        initialFaults = List.copyOf(initialFaults);
        if (oktaRateLimitPerMinute < 0 || graphWritesPer20s < 0 || graphRequestsPer20s < 0) {
            throw new IllegalArgumentException("rate limits must be 0 (off) or positive");
        }
    }

    /** The defaults: fixed sandbox credentials, free ports, Intune's published limits, no faults. */
    public static SandboxOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "SandboxOptions[oktaApiToken=***, oktaClientId=" + oktaClientId
                + ", oktaClientPublicKey=" + oktaClientPublicKey.map(key -> key.getAlgorithm()).orElse("none")
                + ", oktaRateLimitPerMinute=" + oktaRateLimitPerMinute + ", tenantId=" + tenantId
                + ", clientId=" + clientId + ", clientSecret=***, graphWritesPer20s=" + graphWritesPer20s
                + ", graphRequestsPer20s=" + graphRequestsPer20s + ", initialFaults=" + initialFaults
                + ", oktaPort=" + oktaPort + ", graphPort=" + graphPort
                + ", jamfClientId=" + jamfClientId + ", jamfClientSecret=***, jamfPort=" + jamfPort
                + ", workspaceOne=" + workspaceOne + "]";
    }

    /** Builds options from the defaults. */
    public static final class Builder {
        private String oktaApiToken = DEFAULT_OKTA_API_TOKEN;
        private String oktaClientId = DEFAULT_OKTA_CLIENT_ID;
        private PublicKey oktaClientPublicKey;
        private int oktaRateLimitPerMinute;
        private String tenantId = DEFAULT_TENANT_ID;
        private String clientId = DEFAULT_CLIENT_ID;
        private String clientSecret = DEFAULT_CLIENT_SECRET;
        private int graphWritesPer20s = 100;
        private int graphRequestsPer20s = 1000;
        private final List<InitialFault> initialFaults = new ArrayList<>();
        private int oktaPort;
        private int graphPort;
        private Clock clock = Clock.systemUTC();
        private String jamfClientId = DEFAULT_JAMF_CLIENT_ID;
        private String jamfClientSecret = DEFAULT_JAMF_CLIENT_SECRET;
        private int jamfPort;
        private WorkspaceOneOptions workspaceOne = WorkspaceOneOptions.defaults();

        public Builder oktaApiToken(String value) { this.oktaApiToken = value; return this; }
        public Builder oktaClientId(String value) { this.oktaClientId = value; return this; }
        public Builder oktaClientPublicKey(PublicKey value) { this.oktaClientPublicKey = value; return this; }
        public Builder oktaRateLimitPerMinute(int value) { this.oktaRateLimitPerMinute = value; return this; }
        public Builder tenantId(String value) { this.tenantId = value; return this; }
        public Builder clientId(String value) { this.clientId = value; return this; }
        public Builder clientSecret(String value) { this.clientSecret = value; return this; }
        public Builder graphWritesPer20s(int value) { this.graphWritesPer20s = value; return this; }
        public Builder graphRequestsPer20s(int value) { this.graphRequestsPer20s = value; return this; }
        public Builder fault(Vendor vendor, int everyNth, Fault fault) {
            initialFaults.add(new InitialFault(vendor, everyNth, fault));
            return this;
        }
        public Builder oktaPort(int value) { this.oktaPort = value; return this; }
        public Builder graphPort(int value) { this.graphPort = value; return this; }
        public Builder clock(Clock value) { this.clock = value; return this; }
        public Builder jamfClientId(String value) { this.jamfClientId = value; return this; }
        public Builder jamfClientSecret(String value) { this.jamfClientSecret = value; return this; }
        public Builder jamfPort(int value) { this.jamfPort = value; return this; }
        public Builder workspaceOne(WorkspaceOneOptions value) { this.workspaceOne = value; return this; }

        public SandboxOptions build() {
            return new SandboxOptions(oktaApiToken, oktaClientId, Optional.ofNullable(oktaClientPublicKey),
                    oktaRateLimitPerMinute, tenantId, clientId, clientSecret, graphWritesPer20s, graphRequestsPer20s,
                    initialFaults, oktaPort, graphPort, clock, jamfClientId, jamfClientSecret, jamfPort, workspaceOne);
        }
    }
}
