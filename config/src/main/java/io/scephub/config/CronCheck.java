package io.scephub.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Offline syntax check of the 6-field cron the scheduler takes (second minute hour day-of-month
 * month day-of-week), so a typo fails {@code scephub validate} rather than the running hub.
 */
final class CronCheck {
    private static final List<String> FIELDS = List.of("second", "minute", "hour", "day-of-month", "month", "day-of-week");
    private static final int[][] RANGES = {{0, 59}, {0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final Pattern ITEM = Pattern.compile("(\\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:/([0-9]+))?");
    /** Quartz/Spring extras the scheduler also understands: L, W, LW, 5L, 2#1. */
    private static final Pattern DAY_OF_MONTH_EXTRA = Pattern.compile("L(-[0-9]{1,2})?|LW|[0-9]{1,2}W");
    private static final Pattern DAY_OF_WEEK_EXTRA = Pattern.compile("([0-7]|[A-Za-z]{3})(L|#[1-5])");

    private CronCheck() {
    }

    /** What is wrong with the expression, or empty when it is well-formed. */
    static Optional<String> problem(String expression) {
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 6) {
            return Optional.of("has " + fields.length + " fields; expected 6: second minute hour day-of-month month day-of-week"
                    + " (e.g. \"0 */15 * * * *\" for every 15 minutes)");
        }
        for (int f = 0; f < 6; f++) {
            for (String item : fields[f].split(",", -1)) {
                if (!itemOk(f, item)) {
                    return Optional.of("the " + FIELDS.get(f) + " field \"" + fields[f] + "\" is not valid; expected numbers "
                            + RANGES[f][0] + "-" + RANGES[f][1] + ", *, ranges a-b, steps */n or lists a,b"
                            + (f == 3 || f == 5 ? ", or ?" : ""));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean itemOk(int field, String item) {
        if (item.equals("?")) {
            return field == 3 || field == 5;
        }
        if (field == 3 && DAY_OF_MONTH_EXTRA.matcher(item).matches()) {
            return true;
        }
        if (field == 5 && DAY_OF_WEEK_EXTRA.matcher(item).matches()) {
            Matcher m = DAY_OF_WEEK_EXTRA.matcher(item);
            return m.matches() && value(field, m.group(1)) >= 0;
        }
        Matcher m = ITEM.matcher(item);
        if (!m.matches()) {
            return false;
        }
        if (m.group(2) != null && Integer.parseInt(m.group(2)) == 0) {
            return false;
        }
        if (m.group(1).equals("*")) {
            return true;
        }
        String[] bounds = m.group(1).split("-");
        for (String bound : bounds) {
            if (value(field, bound) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int value(int field, String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        if (field == 4 && MONTHS.contains(upper)) {
            return MONTHS.indexOf(upper) + 1;
        }
        if (field == 5 && DAYS.contains(upper)) {
            return DAYS.indexOf(upper);
        }
        if (!text.matches("[0-9]{1,2}")) {
            return -1;
        }
        int v = Integer.parseInt(text);
        return v >= RANGES[field][0] && v <= RANGES[field][1] ? v : -1;
    }
}
