package io.scephub.hub.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages as RFC 9457 problems: what Jetty answers itself, before a request reaches
 * Javalin's routes (a bad request line, a URI or headers too long, an unreadable body), is
 * {@code application/problem+json} like every other scephub error, never Jetty's HTML page. The
 * detail is fixed per status: Jetty's reason text may quote the request, so it is not passed on.
 */
final class ProblemErrorHandler extends ErrorHandler {
    private static final String BAD_MESSAGE_PATH = "/badMessage";
    private final int maxBodyBytes;

    ProblemErrorHandler(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The problem scephub answers for an HTTP error status that Jetty produced. */
    Problem forStatus(int status) {
        return switch (status) {
            case 400 -> Problem.badRequest("the request is not valid HTTP/1.1 (request line, URI, header or body framing)");
            case 404 -> new Problem(404, "not-found", "Not found", "no such endpoint; see GET /openapi.yaml");
            case 405 -> new Problem(405, "method-not-allowed", "Method not allowed", "this method is not allowed on this path");
            case 408 -> new Problem(408, "timeout", "Request timeout", "the request was not received in time");
            case 411 -> new Problem(411, "length-required", "Length required", "send a Content-Length or a chunked body");
            case 413 -> Problem.tooLarge(maxBodyBytes);
            case 414 -> new Problem(414, "uri-too-long", "URI too long", "the request URI is longer than this server accepts (8 KiB)");
            case 415 -> Problem.unsupportedMediaType();
            case 431 -> new Problem(431, "headers-too-large", "Request header fields too large",
                    "the request headers are larger than this server accepts (8 KiB)");
            // Jetty's 501 and 505 judge the client's request (a method or version it cannot speak): a client error, so 400.
            case 501 -> new Problem(400, "not-implemented", "Not implemented", "this server does not implement that method or feature");
            case 505 -> new Problem(400, "http-version", "HTTP version not supported", "send HTTP/1.1");
            default -> status >= 400 && status < 600
                    ? new Problem(status, status < 500 ? "bad-request" : "internal", titleOf(status),
                            status < 500 ? "the request was refused (HTTP " + status + ")" : "the request failed inside scephub; see its log")
                    : new Problem(500, "internal", "Internal error", "the request failed inside scephub; see its log");
        };
    }

    private static String titleOf(int status) {
        String message = HttpStatus.getMessage(status);
        return message == null || message.isBlank() ? "HTTP " + status : message;
    }

    /** Errors while a request is being handled (Jetty's own or a servlet's sendError). */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (request.getAttribute(ERROR_STATUS) instanceof Integer code) {
            status = code;
        }
        Problem problem = forStatus(status);
        String path = null;
        try {
            path = request.getHttpURI().getPath();
            if (BAD_MESSAGE_PATH.equals(path)) {
                // Jetty's stand-in for a request it could not parse: not a path the client sent.
                path = null;
            }
        } catch (RuntimeException e) {
            // An undecodable URI has no path worth quoting.
        }
        response.setStatus(problem.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.getHeaders().put(ERROR_CACHE_CONTROL);
        response.write(true, ByteBuffer.wrap(problem.toJson(path).getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /** Messages so broken that no request exists (bad request line, URI or headers too long): the body Jetty sends as is. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        Problem problem = forStatus(status);
        fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        return ByteBuffer.wrap(problem.toJson(null).getBytes(StandardCharsets.UTF_8));
    }
}
