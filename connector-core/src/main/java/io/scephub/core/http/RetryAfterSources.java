package io.scephub.core.http;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** The ways vendors say when to come back: {@code Retry-After} (Graph, most APIs) and reset timestamps (Okta). */
public final class RetryAfterSources {

    /** Okta's reset can be a second away while our clocks differ by a fraction; never come back sooner than this. */
    private static final Duration MIN_RESET_WAIT = Duration.ofSeconds(1);

    private RetryAfterSources() {
    }

    /**
     * {@code Retry-After} as delay-seconds (fractional values such as Graph's {@code 2.128} are
     * rounded up to the millisecond, so we never come back early) or as an HTTP date.
     */
    public static RetryAfterSource retryAfterHeader() {
        return (response, clock) -> parseRetryAfter(response.header("Retry-After"), clock);
    }

    /** A header holding the epoch second when the quota resets (Okta's {@code X-Rate-Limit-Reset}); waits at least 1 s. */
    public static RetryAfterSource epochSecondsHeader(String headerName) {
        return (response, clock) -> parseEpochSeconds(response.header(headerName))
                .map(reset -> Duration.between(clock.instant(), reset))
                .map(wait -> wait.compareTo(MIN_RESET_WAIT) < 0 ? MIN_RESET_WAIT : wait);
    }

    /** The first source that has an answer. */
    public static RetryAfterSource firstOf(RetryAfterSource... sources) {
        List<RetryAfterSource> ordered = List.of(sources);
        return (response, clock) -> {
            for (RetryAfterSource source : ordered) {
                Optional<Duration> wait = source.retryAfter(response, clock);
                if (wait.isPresent()) {
                    return wait;
                }
            }
            return Optional.empty();
        };
    }

    static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        if (Character.isDigit(trimmed.charAt(0))) {
            try {
                BigDecimal seconds = new BigDecimal(trimmed);
                long millis = seconds.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
                return Optional.of(Duration.ofMillis(millis));
            } catch (NumberFormatException | ArithmeticException notSeconds) {
                return Optional.empty();
            }
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> parseEpochSeconds(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.trim())));
        } catch (NumberFormatException | java.time.DateTimeException notEpochSeconds) {
            return Optional.empty();
        }
    }
}
