package io.scephub.hub.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An RFC 9457 problem: thrown by a handler, rendered as {@code application/problem+json}. The
 * detail never carries request values (tokens, CSRs), only what was wrong and what to send instead.
 */
final class Problem extends RuntimeException {
    static final String TYPE_BASE = "https://scephub.io/problems/";
    static final String MEDIA_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One invalid request member: where ({@code enrollments[1]}) and what is wrong with it. */
    record FieldError(String field, String detail) {
    }

    private final int status;
    private final String slug;
    private final String title;
    private final java.util.List<FieldError> errors;

    Problem(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, java.util.List.of());
    }

    Problem(int status, String slug, String title, String detail, java.util.List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = java.util.List.copyOf(errors);
    }

    int status() {
        return status;
    }

    String type() {
        return TYPE_BASE + slug;
    }

    String title() {
        return title;
    }

    /** The RFC 9457 body; {@code instance} is the request path as received (shortened, non-printables replaced). */
    String toJson(String instance) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", type());
        body.put("title", title);
        body.put("status", status);
        body.put("detail", getMessage());
        if (instance != null && !instance.isEmpty()) {
            body.put("instance", printable(instance));
        }
        if (!errors.isEmpty()) {
            var list = body.putArray("errors");
            errors.forEach(e -> list.addObject().put("field", e.field()).put("detail", e.detail()));
        }
        return body.toString();
    }

    /** A request value fit to quote in a detail: at most 64 characters, printable ASCII only. */
    static String printable(String value) {
        String shortened = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return shortened.replaceAll("[^\\x20-\\x7e]", "?");
    }

    static Problem badRequest(String detail) {
        return new Problem(400, "bad-request", "The request is not valid", detail);
    }

    static Problem unauthorized(String detail) {
        return new Problem(401, "unauthorized", "Authentication required", detail);
    }

    static Problem tooLarge(long limit) {
        return new Problem(413, "too-large", "Request body too large", "the body must be at most " + limit + " bytes");
    }

    static Problem unsupportedMediaType() {
        return new Problem(415, "unsupported-media-type", "Unsupported media type", "send the body as application/json");
    }

    static Problem unavailable(String detail) {
        return new Problem(503, "unavailable", "Service unavailable", detail);
    }
}
