package io.scephub.intune;

import io.scephub.core.http.RetryAfterSource;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import okhttp3.Response;

/**
 * Graph's throttling hint: {@code Retry-After} in seconds, possibly fractional ({@code 2.128}).
 * When it is missing or unreadable the resilient layer falls back to exponential backoff.
 */
final class GraphRetryAfter implements RetryAfterSource {

    @Override
    public Optional<Duration> retryAfter(Response response, Clock clock) {
        String header = response.header("Retry-After");
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            double seconds = Double.parseDouble(header.trim());
            if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos(Math.round(seconds * 1_000_000_000d)));
        } catch (NumberFormatException notSeconds) {
            return httpDate(header.trim(), clock);
        }
    }

    /** RFC 9110 also allows an HTTP date; Graph sends seconds, but a proxy in front of it might not. */
    private static Optional<Duration> httpDate(String header, Clock clock) {
        try {
            Duration wait = Duration.between(clock.instant(),
                    ZonedDateTime.parse(header, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
