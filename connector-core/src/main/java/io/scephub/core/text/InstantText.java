package io.scephub.core.text;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()}'s text (ISO-8601, UTC, {@code Z}; the fraction in groups of three digits, none when zero),
 * written by position for the years 1970 to 9999 and by the JDK for any other. A {@code status devices} row prints up
 * to three instants, and at 100,000 devices the JDK's general formatter was a tenth of the command's own Java time
 * (flight recordings in docs/BENCHMARKS.md).
 */
public final class InstantText {
    /** 10000-01-01T00:00:00Z: from here on the JDK prints a sign and more year digits. */
    private static final long YEAR_10000 = 253_402_300_800L;
    private static final long SECONDS_PER_DAY = 86_400;

    private InstantText() {
    }

    /** Exactly {@code instant.toString()}. */
    public static String of(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds >= YEAR_10000) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(seconds / SECONDS_PER_DAY);
        int secondOfDay = (int) (seconds % SECONDS_PER_DAY);
        char[] out = new char[30];
        int year = date.getYear();
        digits(out, 0, year / 100);
        digits(out, 2, year % 100);
        out[4] = '-';
        digits(out, 5, date.getMonthValue());
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth());
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60);
        int n = 19;
        int nanos = instant.getNano();
        if (nanos != 0) {
            out[n++] = '.';
            int groups = nanos % 1_000_000 == 0 ? 1 : nanos % 1_000 == 0 ? 2 : 3;
            int value = groups == 1 ? nanos / 1_000_000 : groups == 2 ? nanos / 1_000 : nanos;
            for (int i = groups * 3 - 1; i >= 0; i--) {
                out[n + i] = (char) ('0' + value % 10);
                value /= 10;
            }
            n += groups * 3;
        }
        out[n++] = 'Z';
        return new String(out, 0, n);
    }

    /** Two decimal digits of {@code value} (0 to 99) at {@code at}. */
    private static void digits(char[] out, int at, int value) {
        out[at] = (char) ('0' + value / 10);
        out[at + 1] = (char) ('0' + value % 10);
    }
}
