package io.scephub.core.spi;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A request a vendor sent to an {@link InboundEndpoint}: headers by lower-case name, the raw body, the peer's address. */
public record InboundRequest(Map<String, String> headers, byte[] body, String remote) {
    public InboundRequest {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
