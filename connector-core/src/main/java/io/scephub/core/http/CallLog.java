package io.scephub.core.http;

import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Writes the key=value line for a call or an attempt. Only method, path, status, timing, attempt
 * and request id go out: never headers or bodies, query values masked, everything redacted.
 */
final class CallLog {
    private static final Logger LOG = LoggerFactory.getLogger(ResilientVendorHttp.CALL_LOGGER);

    private final String vendor;
    private final Redactor redactor;

    CallLog(String vendor, Redactor redactor) {
        this.vendor = vendor;
        this.redactor = redactor;
    }

    boolean enabled(Level level) {
        return LOG.isEnabledForLevel(level);
    }

    void responded(Level level, Request request, Response response, Duration took, int attempt) {
        if (!enabled(level)) {
            return;
        }
        String requestId = RequestIds.find(response.headers()).map(redactor::redact).orElse("-");
        LOG.atLevel(level).log("vendor={} method={} path={} status={} durationMs={} attempt={} requestId={}",
                vendor, request.method(), loggedPath(request.url()), response.code(), took.toMillis(), attempt, requestId);
    }

    void failed(Level level, Request request, Throwable failure, Duration took, int attempt) {
        if (!enabled(level)) {
            return;
        }
        String reason = Optional.ofNullable(failure.getMessage()).map(redactor::redact).orElse("-");
        LOG.atLevel(level).log("vendor={} method={} path={} status=failed durationMs={} attempt={} error={} reason=\"{}\"",
                vendor, request.method(), loggedPath(request.url()), took.toMillis(), attempt,
                failure.getClass().getSimpleName(), reason);
    }

    void warn(String message, Object... args) {
        LOG.warn(message, args);
    }

    /** The path, plus query parameter names with values masked: values can carry secrets and personal data. */
    String loggedPath(HttpUrl url) {
        StringBuilder path = new StringBuilder(redactor.redact(url.encodedPath()));
        for (int i = 0; i < url.querySize(); i++) {
            path.append(i == 0 ? '?' : '&').append(redactor.redact(url.queryParameterName(i)));
            if (url.queryParameterValue(i) != null) {
                path.append('=').append(Redactor.MASK);
            }
        }
        return path.toString();
    }
}
