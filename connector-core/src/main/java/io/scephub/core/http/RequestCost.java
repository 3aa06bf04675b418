package io.scephub.core.http;

/**
 * What one HTTP request counts against a vendor's rate limits: {@code requests} against the
 * all-requests windows and {@code writes} against the writes-only windows (a Graph JSON
 * {@code $batch} of 20 inner requests costs 20, not 1).
 */
public record RequestCost(int requests, int writes) {

    public RequestCost {
        if (requests < 0 || writes < 0) {
            throw new IllegalArgumentException("request cost must not be negative, was requests=" + requests
                    + " writes=" + writes);
        }
    }

    /** One read: a single request that changes nothing. */
    public static final RequestCost READ = new RequestCost(1, 0);

    /** Not counted against these windows: a request to another service, e.g. the identity provider's token endpoint. */
    public static final RequestCost NONE = new RequestCost(0, 0);

    /** One write: a single request that changes something. */
    public static final RequestCost WRITE = new RequestCost(1, 1);
}
