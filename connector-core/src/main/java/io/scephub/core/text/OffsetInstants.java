package io.scephub.core.text;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * ISO 8601 date-times with an offset, as the MDMs send them per device, read as {@link OffsetDateTime#parse} reads them.
 * The shape vendors send ({@code 2026-12-07T02:37:36.1234567Z}, {@code …+01:00}) is read by position; anything else,
 * and anything out of range, goes to {@link OffsetDateTime#parse}, which answers or throws. At 100,000 devices the
 * JDK formatter (its fraction parsed through BigDecimal) was the largest single cost of {@code status devices} and
 * {@code renewal forecast} (flight recordings in docs/BENCHMARKS.md).
 */
public final class OffsetInstants {
    private static final int NANO_DIGITS = 9;

    private OffsetInstants() {
    }

    /**
     * The instant {@code text} names, exactly as {@code OffsetDateTime.parse(text).toInstant()}.
     *
     * @throws DateTimeParseException when {@link OffsetDateTime#parse} throws it
     */
    public static Instant parse(CharSequence text) {
        Instant read = byPosition(text);
        return read != null ? read : OffsetDateTime.parse(text).toInstant();
    }

    /** The instant {@code text} names as {@link #parse} reads it; empty when it is absent, blank or not such a date-time. */
    public static Optional<Instant> read(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:mm)}, or null for any other text or a value out of range. */
    static Instant byPosition(CharSequence s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                if (i - start == NANO_DIGITS) {
                    return null;
                }
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start) {
                return null;
            }
            for (int k = i - start; k < NANO_DIGITS; k++) {
                nanos *= 10;
            }
        }
        int offset;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offset = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int hours = digits(s, i + 1, 2);
            int minutes = digits(s, i + 4, 2);
            if (hours < 0 || minutes < 0 || hours > 18 || minutes > 59 || (hours == 18 && minutes > 0)) {
                return null;
            }
            offset = (s.charAt(i) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        } else {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offset, nanos);
    }

    private static int digits(CharSequence s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
