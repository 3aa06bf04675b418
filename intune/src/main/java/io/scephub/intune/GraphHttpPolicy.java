package io.scephub.intune;

import com.microsoft.kiota.RequestOption;
import io.scephub.core.http.HttpPolicy;
import io.scephub.core.http.RateLimitWindow;
import io.scephub.core.http.RequestCost;
import io.scephub.core.http.RequestCostFunction;
import java.time.Duration;
import java.util.List;
import okhttp3.Request;

/**
 * What Microsoft's published Graph rules mean for the shared client: Intune's limits per app per
 * tenant (1,000 requests and 100 writes per 20 s), a {@code $batch} costing its inner requests,
 * and which POSTs may be sent again after an unknown outcome.
 */
final class GraphHttpPolicy {
    /** Intune service limit, any request, per app per tenant (Graph throttling-limits, "Intune service limits"). */
    static final int REQUESTS_PER_WINDOW = 1000;
    /** Intune service limit, POST/PUT/DELETE/PATCH, per app per tenant. */
    static final int WRITES_PER_WINDOW = 100;
    static final Duration WINDOW = Duration.ofSeconds(20);
    private static final String TOKEN_PATH_SUFFIX = "/oauth2/v2.0/token";

    private GraphHttpPolicy() {
    }

    static HttpPolicy apply(HttpPolicy base) {
        return base.withRateLimits(List.of(
                        RateLimitWindow.requests("graph-requests", REQUESTS_PER_WINDOW, WINDOW),
                        RateLimitWindow.writes("graph-writes", WRITES_PER_WINDOW, WINDOW)))
                .withRequestCost(GraphHttpPolicy::cost)
                .withRetrySafePost(GraphHttpPolicy::retrySafe);
    }

    /**
     * A {@code $batch} counts each inner request (and each inner write), as Graph counts them; the
     * Entra token request is not a Graph call and counts nothing against Intune's limits.
     */
    static RequestCost cost(Request request) {
        if (isTokenRequest(request)) {
            return new RequestCost(0, 0);
        }
        BatchCost batch = request.tag(BatchCost.class);
        if (batch != null) {
            return new RequestCost(batch.requests(), batch.writes());
        }
        return RequestCostFunction.perRequest().of(request);
    }

    /**
     * POSTs safe to send twice: {@code /assign} replaces the whole assignment set with the same set,
     * a token request only mints another token, and a {@code $batch} of reads changes nothing.
     */
    static boolean retrySafe(Request request) {
        if (!request.method().equals("POST")) {
            return false;
        }
        List<String> segments = request.url().pathSegments();
        String last = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
        if (last.equals("assign") && segments.size() >= 2 && segments.contains("deviceConfigurations")) {
            return true;
        }
        if (isTokenRequest(request)) {
            return true;
        }
        BatchCost batch = request.tag(BatchCost.class);
        return last.equals("$batch") && batch != null && batch.writes() == 0;
    }

    private static boolean isTokenRequest(Request request) {
        return request.method().equals("POST") && request.url().encodedPath().endsWith(TOKEN_PATH_SUFFIX);
    }

    /** Carried on a {@code $batch} request (Kiota passes request options on as OkHttp tags): what it holds. */
    record BatchCost(int requests, int writes) implements RequestOption {
        @Override
        @SuppressWarnings("unchecked")
        public <T extends RequestOption> Class<T> getType() {
            return (Class<T>) BatchCost.class;
        }
    }
}
