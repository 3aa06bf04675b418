package io.scephub.intune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.core.http.RequestCost;
import io.scephub.core.http.RequestCostFunction;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import io.scephub.core.http.RateLimitWindow;
import okhttp3.Request;
import okio.Buffer;

/**
 * Graph's published limits and request semantics, as the shared client needs them: the Intune
 * device-configuration throttling windows, what a JSON {@code $batch} costs (its inner requests),
 * and which POSTs are safe to resend.
 *
 * <p>Limits: "Intune device configuration service limits", per app per tenant — any request
 * 1,000 per 20 s; POST, PUT, DELETE, PATCH 100 per 20 s
 * (https://learn.microsoft.com/en-us/graph/throttling-limits#intune-device-configuration-service-limits).
 * Batching does not lift them: requests in a batch are evaluated individually against the limits
 * (https://learn.microsoft.com/en-us/graph/throttling#throttling-and-batching).
 */
final class GraphRequestRules {
    static final List<RateLimitWindow> PUBLISHED_LIMITS = List.of(
            RateLimitWindow.requests("graph-requests", 1_000, Duration.ofSeconds(20)),
            RateLimitWindow.writes("graph-writes", 100, Duration.ofSeconds(20)));

    private static final ObjectMapper JSON = new ObjectMapper();

    private GraphRequestRules() {
    }

    /**
     * A {@code $batch} costs one request per inner request and one write per inner non-GET; the Entra
     * token POST costs nothing (it is Entra ID's endpoint, not a Graph write); anything else the default.
     */
    static final RequestCostFunction COST = request -> {
        if (isTokenRequest(request)) {
            return RequestCost.NONE;
        }
        return innerRequests(request)
                .map(inner -> {
                    int writes = (int) inner.stream().filter(r -> !"GET".equals(method(r))).count();
                    return new RequestCost(Math.max(1, inner.size()), writes);
                })
                .orElseGet(() -> RequestCostFunction.perRequest().of(request));
    };

    private static boolean isTokenRequest(Request request) {
        return request.url().encodedPath().endsWith(GraphPaths.TOKEN_SUFFIX);
    }

    /**
     * POSTs that may be resent after an unknown outcome: the Entra token request, {@code /assign}
     * (it replaces the whole assignment set, so a second identical call changes nothing), and a
     * {@code $batch} made only of reads and such assignments.
     */
    static final Predicate<Request> RETRY_SAFE_POST = request -> {
        String path = request.url().encodedPath();
        if (path.endsWith(GraphPaths.TOKEN_SUFFIX) || path.endsWith(GraphPaths.ASSIGN_SUFFIX)) {
            return true;
        }
        return innerRequests(request)
                .map(inner -> !inner.isEmpty() && inner.stream().allMatch(r -> "GET".equals(method(r))
                        || ("POST".equals(method(r)) && pathOf(r).endsWith(GraphPaths.ASSIGN_SUFFIX))))
                .orElse(false);
    };

    /** The inner requests of a JSON {@code $batch} POST; empty for any other request or an unreadable body. */
    private static Optional<List<JsonNode>> innerRequests(Request request) {
        if (!"POST".equals(request.method()) || !request.url().encodedPath().endsWith(GraphPaths.BATCH_SUFFIX)
                || request.body() == null || request.body().isOneShot()) {
            return Optional.empty();
        }
        try (Buffer buffer = new Buffer()) {
            request.body().writeTo(buffer);
            JsonNode requests = JSON.readTree(buffer.readUtf8()).path("requests");
            if (!requests.isArray()) {
                return Optional.empty();
            }
            List<JsonNode> inner = new java.util.ArrayList<>();
            requests.forEach(inner::add);
            return Optional.of(inner);
        } catch (IOException | RuntimeException unreadable) {
            // A body the cost function cannot read is charged as one write, the conservative default.
            return Optional.empty();
        }
    }

    private static String method(JsonNode inner) {
        return inner.path("method").asText("").toUpperCase(Locale.ROOT);
    }

    private static String pathOf(JsonNode inner) {
        String url = inner.path("url").asText("");
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
