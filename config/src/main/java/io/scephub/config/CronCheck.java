package io.scephub.config;

import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Offline check of the 6-field cron the scheduler takes (second minute hour day-of-month month
 * day-of-week), with the scheduler's own parser, so a typo fails {@code scephub validate} rather
 * than the running hub.
 */
final class CronCheck {
    private static final String FIELDS = "second minute hour day-of-month month day-of-week";
    /** The prefix db-scheduler's parser puts before what is wrong. */
    private static final String PARSER_PREFIX = "Failed to parse cron expression. ";

    private CronCheck() {
    }

    /** What is wrong with the expression, or empty when it is well-formed. */
    static Optional<String> problem(String expression) {
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 6) {
            return Optional.of("has " + fields.length + " fields; expected 6: " + FIELDS
                    + " (e.g. \"0 */15 * * * *\" for every 15 minutes)");
        }
        try {
            Schedules.cron(expression.trim(), ZoneOffset.UTC);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            String why = String.valueOf(e.getMessage());
            why = why.startsWith(PARSER_PREFIX) ? why.substring(PARSER_PREFIX.length()) : why;
            return Optional.of("is not a valid cron: " + why + "; expected the 6 fields " + FIELDS
                    + " with numbers, *, ranges a-b, steps */n, lists a,b or ? (day-of-month, day-of-week)");
        }
    }
}
