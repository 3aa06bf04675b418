package io.scephub.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An answer from a simulator; headers may repeat (Okta sends two Link headers). {@code binary},
 * when not null, is sent instead of {@code body} (SCEP answers DER and PKCS#7).
 */
record SimResponse(int status, Map<String, List<String>> headers, String body, byte[] binary) {

    SimResponse(int status, Map<String, List<String>> headers, String body) {
        this(status, headers, body, null);
    }

    static SimResponse bytes(int status, String contentType, byte[] body) {
        return new SimResponse(status, new LinkedHashMap<>(Map.of("Content-Type", List.of(contentType))), "", body);
    }

    static SimResponse json(int status, String body) {
        return new SimResponse(status, new LinkedHashMap<>(Map.of("Content-Type", List.of("application/json"))), body);
    }

    static SimResponse text(int status, String contentType, String body) {
        return new SimResponse(status, new LinkedHashMap<>(Map.of("Content-Type", List.of(contentType))), body);
    }

    static SimResponse empty(int status) {
        return new SimResponse(status, new LinkedHashMap<>(), "");
    }

    SimResponse withHeader(String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>(headers);
        copy.merge(name, List.of(value), (old, added) -> {
            List<String> joined = new java.util.ArrayList<>(old);
            joined.addAll(added);
            return joined;
        });
        return new SimResponse(status, copy, body, binary);
    }

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
