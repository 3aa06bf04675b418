package io.scephub.core.spi;

import java.util.Objects;
import java.util.function.Function;

/** One endpoint a vendor calls: method, path below {@code /hooks/<connector id>}, and its handler. */
public record InboundEndpoint(String method, String path, String summary, Function<InboundRequest, InboundResponse> handler) {
    public InboundEndpoint {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(handler, "handler");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("an endpoint path starts with /: " + path);
        }
    }
}
