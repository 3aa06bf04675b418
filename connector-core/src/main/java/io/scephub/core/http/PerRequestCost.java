package io.scephub.core.http;

import java.util.Set;
import okhttp3.Request;

/** The default request cost: one request, and one write unless the method only reads. */
final class PerRequestCost implements RequestCostFunction {
    static final PerRequestCost INSTANCE = new PerRequestCost();

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private PerRequestCost() {
    }

    @Override
    public RequestCost of(Request request) {
        return READ_METHODS.contains(request.method()) ? RequestCost.READ : RequestCost.WRITE;
    }

    @Override
    public String toString() {
        return "perRequest";
    }
}
