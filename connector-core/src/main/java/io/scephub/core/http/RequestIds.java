package io.scephub.core.http;

import java.util.List;
import java.util.Optional;
import okhttp3.Headers;

/** Finds the vendor's request id in response headers (what a support ticket asks for). */
public final class RequestIds {

    /** Okta, Graph (two spellings) and Azure front doors, in that order of preference. */
    public static final List<String> HEADER_NAMES =
            List.of("X-Okta-Request-Id", "request-id", "client-request-id", "x-ms-request-id");

    private RequestIds() {
    }

    public static Optional<String> find(Headers headers) {
        for (String name : HEADER_NAMES) {
            String value = headers.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.trim());
            }
        }
        return Optional.empty();
    }
}
