package io.scephub.sandbox;

import java.util.Objects;

/**
 * How the Workspace ONE UEM simulator starts: the OAuth client it accepts, the REST API key every
 * call must carry as {@code aw-tenant-code}, its per-tenant rate limits and its port.
 * {@code toString()} masks the secrets.
 *
 * <p>UEM limits API calls per tenant per minute and per day and answers 429 past either (the
 * numbers are set per tenant; see the workspaceone README). Both are off by default so tests and the
 * demo run at full speed; {@link #withRateLimits} switches them on.
 *
 * @param rateLimitPerMinute API calls per tenant per clock minute before 429 (0: not enforced)
 * @param rateLimitPerDay    API calls per tenant per UTC day before 429 (0: not enforced)
 * @param port               0 picks a free port
 */
public record WorkspaceOneOptions(String clientId, String clientSecret, String apiKey, int rateLimitPerMinute,
                                  int rateLimitPerDay, int port) {

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
        if (rateLimitPerDay < 0) {
            throw new IllegalArgumentException("rateLimitPerDay must be 0 (off) or positive, got " + rateLimitPerDay);
        }
    }

    /** Without a daily limit. */
    public WorkspaceOneOptions(String clientId, String clientSecret, String apiKey, int rateLimitPerMinute, int port) {
        this(clientId, clientSecret, apiKey, rateLimitPerMinute, 0, port);
    }

    /** Fixed sandbox credentials, no rate limits, a free port. */
    public static WorkspaceOneOptions defaults() {
        return new WorkspaceOneOptions(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_API_KEY, 0, 0, 0);
    }

    public WorkspaceOneOptions withRateLimitPerMinute(int perMinute) {
        return new WorkspaceOneOptions(clientId, clientSecret, apiKey, perMinute, rateLimitPerDay, port);
    }

    /** Both per-tenant limits (0 switches one off). */
    public WorkspaceOneOptions withRateLimits(int perMinute, int perDay) {
        return new WorkspaceOneOptions(clientId, clientSecret, apiKey, perMinute, perDay, port);
    }

    public WorkspaceOneOptions withPort(int newPort) {
        return new WorkspaceOneOptions(clientId, clientSecret, apiKey, rateLimitPerMinute, rateLimitPerDay, newPort);
    }

    @Override
    public String toString() {
        return "WorkspaceOneOptions[clientId=" + clientId + ", clientSecret=***, apiKey=***, rateLimitPerMinute="
                + rateLimitPerMinute + ", rateLimitPerDay=" + rateLimitPerDay + ", port=" + port + "]";
    }
}
