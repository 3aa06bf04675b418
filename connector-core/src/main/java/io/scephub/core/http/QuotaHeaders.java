package io.scephub.core.http;

import java.util.Objects;

/**
 * Names of the response headers that report a server-side quota: its size, what is left, and the
 * epoch second when it resets.
 */
public record QuotaHeaders(String limit, String remaining, String resetEpochSeconds) {

    public QuotaHeaders {
        Objects.requireNonNull(limit, "limit header name");
        Objects.requireNonNull(remaining, "remaining header name");
        Objects.requireNonNull(resetEpochSeconds, "reset header name");
    }

    /** Okta sends these on every response. */
    public static QuotaHeaders okta() {
        return new QuotaHeaders("X-Rate-Limit-Limit", "X-Rate-Limit-Remaining", "X-Rate-Limit-Reset");
    }
}
