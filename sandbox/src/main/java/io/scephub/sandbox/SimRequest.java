package io.scephub.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** A request as the simulators see it, free of WireMock types so they can be driven directly. */
record SimRequest(String method, String path, String rawQuery, Map<String, List<String>> query,
                  Function<String, String> headers, String body, byte[] bodyBytes) {

    static SimRequest of(String method, String url, Function<String, String> headers, String body) {
        String text = body == null ? "" : body;
        return of(method, url, headers, text.getBytes(StandardCharsets.UTF_8));
    }

    /** With the body as bytes, for binary protocols (SCEP's PKIOperation); {@link #body()} is its UTF-8 reading. */
    static SimRequest of(String method, String url, Function<String, String> headers, byte[] body) {
        int queryStart = url.indexOf('?');
        String rawPath = queryStart < 0 ? url : url.substring(0, queryStart);
        String rawQuery = queryStart < 0 ? "" : url.substring(queryStart + 1);
        byte[] bytes = body == null ? new byte[0] : body;
        return new SimRequest(method.toUpperCase(java.util.Locale.ROOT), decodePath(rawPath), rawQuery,
                parseQuery(rawQuery), headers, new String(bytes, StandardCharsets.UTF_8), bytes);
    }

    /** The first value of a query parameter. */
    Optional<String> param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.apply(name));
    }

    /** Path segments, already percent-decoded. */
    List<String> segments() {
        return Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty()).toList();
    }

    /** A copy with another method, path and body, for $batch sub-requests. */
    SimRequest derive(String newMethod, String url, Function<String, String> newHeaders, String newBody) {
        return of(newMethod, url, newHeaders, newBody);
    }

    /** The first value of a form or query parameter, or null. */
    static String first(Map<String, List<String>> form, String key) {
        List<String> values = form.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return result;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
            result.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return result;
    }

    private static String decodeQuery(String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    private static String decodePath(String rawPath) {
        // '+' is literal in a path, unlike in a query.
        return URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
