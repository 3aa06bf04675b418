package io.scephub.sandbox;

import java.util.Objects;

/**
 * How the Workspace ONE UEM simulator starts: the OAuth client it accepts, the REST API key every
 * call must carry as {@code aw-tenant-code}, its per-minute rate limit and its port. {@code toString()}
 * masks the secrets.
 *
 * @param rateLimitPerMinute requests per minute before 429 (0: not enforced; UEM publishes no number)
 * @param port               0 picks a free port
 */
public record WorkspaceOneOptions(String clientId, String clientSecret, String apiKey, int rateLimitPerMinute, int port) {

    public static final String DEFAULT_CLIENT_ID = "ws1-sandbox-client";
    public static final String DEFAULT_CLIENT_SECRET = "ws1-sandbox-client-secret";
    public static final String DEFAULT_API_KEY = "ws1-sandbox-tenant-code";

    public WorkspaceOneOptions {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(apiKey, "apiKey");
        if (rateLimitPerMinute < 0) {
            throw new IllegalArgumentException("rateLimitPerMinute must be 0 (off) or positive, got " + rateLimitPerMinute);
        }
    }

    /** Fixed sandbox credentials, no rate limit, a free port. */
    public static WorkspaceOneOptions defaults() {
        return new WorkspaceOneOptions(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_API_KEY, 0, 0);
    }

    public WorkspaceOneOptions withRateLimitPerMinute(int perMinute) {
        return new WorkspaceOneOptions(clientId, clientSecret, apiKey, perMinute, port);
    }

    public WorkspaceOneOptions withPort(int newPort) {
        return new WorkspaceOneOptions(clientId, clientSecret, apiKey, rateLimitPerMinute, newPort);
    }

    @Override
    public String toString() {
        return "WorkspaceOneOptions[clientId=" + clientId + ", clientSecret=***, apiKey=***, rateLimitPerMinute="
                + rateLimitPerMinute + ", port=" + port + "]";
    }
}
