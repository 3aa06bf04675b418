package io.scephub.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link OffsetInstants#parse} answers exactly what {@code OffsetDateTime.parse(text).toInstant()} answers, or throws alike. */
class OffsetInstantsTest {

    @Test
    void theShapesVendorsSendAreReadByPositionAsTheJdkReadsThem() {
        for (String text : List.of("2026-12-07T02:37:36Z", "2026-12-07T02:37:36.1Z", "2026-12-07T02:37:36.1234567Z",
                "2026-12-07T02:37:36.123456789Z", "2026-12-07T02:37:36.000Z", "2024-02-29T23:59:59.999+01:00",
                "1999-12-31T23:00:00-05:30", "2026-01-01T00:00:00+18:00", "2026-01-01T00:00:00-18:00", "2026-06-30T12:00:00-00:00",
                "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z")) {
            assertThat(OffsetInstants.byPosition(text)).as(text).isNotNull();
            assertThat(OffsetInstants.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    @Test
    void randomDateTimesAreReadAsTheJdkReadsThem() {
        Random random = new Random(4711);
        for (int i = 0; i < 20_000; i++) {
            String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%s", 1 + random.nextInt(9999), 1 + random.nextInt(12),
                    1 + random.nextInt(31), random.nextInt(24), random.nextInt(60), random.nextInt(60), fraction(random), offset(random));
            Instant jdk;
            try {
                jdk = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                // e.g. the 31st of a 30-day month: the same refusal
                assertThatThrownBy(() -> OffsetInstants.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(OffsetInstants.parse(text)).as(text).isEqualTo(jdk);
        }
    }

    @Test
    void everyOtherTextIsLeftToTheJdkWhichAnswersOrRefusesIt() {
        // Answered by the JDK (lower-case letters, seconds-precision offsets, no seconds, long years, a point without digits):
        for (String text : List.of("2026-12-07t02:37:36z", "2026-12-07T02:37:36+01:00:30", "2026-12-07T02:37Z",
                "+12026-12-07T02:37:36Z", "2026-12-07T02:37:36.Z")) {
            assertThat(OffsetInstants.byPosition(text)).as(text).isNull();
            assertThat(OffsetInstants.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
        // Refused by both:
        for (String text : List.of("", "2026-12-07", "2026-12-07T02:37:36", "2026-13-07T02:37:36Z", "2026-02-30T02:37:36Z",
                "2025-02-29T00:00:00Z", "2026-12-07T24:00:00Z", "2026-12-07T23:60:00Z", "2026-12-07T23:59:60Z",
                "2026-12-07T02:37:36.1234567890Z", "2026-12-07T02:37:36+19:00",
                "2026-12-07T02:37:36+18:01", "2026-12-07T02:37:36+1:00", "2026-12-07T02:37:36 Z", "2026-12-07T02:37:36Zjunk",
                "2026-1a-07T02:37:36Z", "２０２６-12-07T02:37:36Z")) {
            assertThat(OffsetInstants.byPosition(text)).as(text).isNull();
            assertThatThrownBy(() -> OffsetDateTime.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> OffsetInstants.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }

    private static String fraction(Random random) {
        int digits = random.nextInt(10);
        if (digits == 0) {
            return "";
        }
        StringBuilder f = new StringBuilder(".");
        for (int i = 0; i < digits; i++) {
            f.append(random.nextInt(10));
        }
        return f.toString();
    }

    private static String offset(Random random) {
        if (random.nextBoolean()) {
            return "Z";
        }
        return String.format("%s%02d:%02d", random.nextBoolean() ? "+" : "-", random.nextInt(18), random.nextInt(60));
    }

    @Test
    void readAnswersTheInstantOrEmptyForAbsentBlankOrUnreadableText() {
        assertThat(OffsetInstants.read("2026-12-07T02:37:36.1234567+01:00"))
                .contains(Instant.parse("2026-12-07T01:37:36.123456700Z"));
        assertThat(OffsetInstants.read(null)).isEmpty();
        assertThat(OffsetInstants.read("  ")).isEmpty();
        assertThat(OffsetInstants.read("12/07/2026 02:37:36")).isEmpty();
        assertThat(OffsetInstants.read("2026-02-30T00:00:00Z")).isEmpty();
    }
}
