package io.scephub.hub.server;

/**
 * An RFC 9457 problem: thrown by a handler, rendered as {@code application/problem+json}. The
 * detail never carries request values (tokens, CSRs), only what was wrong and what to send instead.
 */
final class Problem extends RuntimeException {
    static final String TYPE_BASE = "https://scephub.io/problems/";

    private final int status;
    private final String slug;
    private final String title;

    Problem(int status, String slug, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
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
