package io.scephub.core.spi;

import java.util.Map;

/** What an {@link InboundEndpoint} answers; {@code headers} are extra response headers (e.g. WWW-Authenticate). */
public record InboundResponse(int status, String contentType, String body, Map<String, String> headers) {
    public InboundResponse {
        headers = Map.copyOf(headers);
    }

    public static InboundResponse text(int status, String body) {
        return new InboundResponse(status, "text/plain; charset=utf-8", body, Map.of());
    }

    public InboundResponse withHeader(String name, String value) {
        java.util.Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new InboundResponse(status, contentType, body, more);
    }
}
