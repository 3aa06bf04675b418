package io.scephub.core.http;

import okhttp3.Request;

/** Tells the client-side rate limiter what one request costs; a vendor supplies its own for batch endpoints. */
@FunctionalInterface
public interface RequestCostFunction {

    /** The cost of sending {@code request} once (every retry attempt is charged again). */
    RequestCost of(Request request);

    /** The default: one request, and one write unless the method is GET, HEAD or OPTIONS. */
    static RequestCostFunction perRequest() {
        return PerRequestCost.INSTANCE;
    }
}
