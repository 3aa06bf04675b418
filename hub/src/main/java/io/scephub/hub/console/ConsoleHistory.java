package io.scephub.hub.console;

import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.state.ApplyAudit;
import io.scephub.hub.state.AuditLog;
import io.scephub.hub.state.DeviceStateCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The console's pages over the audit log's history: challenge decisions by day and reason, and the
 * renewal redistributions on a timeline. Read from the store only; the audit records carry no token.
 */
final class ConsoleHistory {
    static final int CHALLENGE_DAYS = 14;
    static final String ACCEPTED = "accepted";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d").withZone(ZoneOffset.UTC);

    private final AuditLog audit;
    private final DeviceStateCounts deviceStates;

    ConsoleHistory(AuditLog audit, DeviceStateCounts deviceStates) {
        this.audit = audit;
        this.deviceStates = deviceStates;
    }

    ConsoleViews.ChallengesPage challenges(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate first = today.minusDays(CHALLENGE_DAYS - 1);
        Map<LocalDate, Map<String, Long>> byDay = new TreeMap<>();
        for (int i = 0; i < CHALLENGE_DAYS; i++) {
            byDay.put(first.plusDays(i), new LinkedHashMap<>());
        }
        Map<String, Long> totals = new LinkedHashMap<>();
        totals.put(ACCEPTED, 0L);
        audit.forEachSince(first.atStartOfDay(ZoneOffset.UTC).toInstant(), e -> {
            String reason;
            if (e.event().equals(ChallengeVerification.EVENT_ACCEPTED)) {
                reason = ACCEPTED;
            } else if (e.event().equals(ChallengeVerification.EVENT_REJECTED)) {
                reason = AuditLog.fields(e.detail()).getOrDefault("reason", "UNKNOWN").trim();
            } else {
                return;
            }
            LocalDate day = LocalDate.ofInstant(e.recordedAt(), ZoneOffset.UTC);
            byDay.computeIfAbsent(day, d -> new LinkedHashMap<>()).merge(reason, 1L, Long::sum);
            totals.merge(reason, 1L, Long::sum);
        });
        List<String> reasons = new ArrayList<>(totals.keySet());
        long all = totals.values().stream().mapToLong(Long::longValue).sum();
        List<Charts.Column> columns = new ArrayList<>();
        byDay.forEach((day, counts) -> columns.add(new Charts.Column(DAY.format(day.atStartOfDay(ZoneOffset.UTC)),
                reasons.stream().map(r -> new Charts.Segment(counts.getOrDefault(r, 0L), reasonClass(reasons, r),
                        counts.getOrDefault(r, 0L) + " " + label(r))).toList())));
        List<ConsoleViews.ReasonRow> rows = reasons.stream().filter(r -> totals.get(r) > 0 || r.equals(ACCEPTED))
                .map(r -> new ConsoleViews.ReasonRow(label(r), totals.get(r),
                        all == 0 ? "0 %" : String.format(Locale.ROOT, "%.0f %%", 100.0 * totals.get(r) / all))).toList();
        List<ConsoleViews.Legend> legend = reasons.stream().map(r -> new ConsoleViews.Legend(label(r), reasonClass(reasons, r))).toList();
        long accepted = totals.get(ACCEPTED);
        return new ConsoleViews.ChallengesPage(Charts.columns("Challenge decisions per day of the month (UTC), by reason", columns), rows, accepted,
                all - accepted, CHALLENGE_DAYS, legend, all == 0);
    }

    ConsoleViews.RenewalsPage renewals(Instant now) {
        List<ConsoleViews.WaveRow> rows = new ArrayList<>();
        List<Charts.Lane> lanes = new ArrayList<>();
        Instant from = now.minus(Duration.ofDays(30));
        Instant to = now.plus(Duration.ofDays(60));
        List<AuditLog.Entry> records = new ArrayList<>();
        audit.forEachSince(now.minus(Duration.ofDays(400)), e -> {
            if (e.event().equals(ApplyAudit.REDISTRIBUTE)) {
                records.add(e);
            }
        });
        for (AuditLog.Entry e : records) {
            Map<String, String> f = AuditLog.fields(e.detail());
            Instant earliest = instant(f.get("earliest_expiry"), e.recordedAt());
            Instant latest = instant(f.get("latest_expiry"), earliest);
            from = min(from, earliest);
            to = max(to, latest);
            String status = f.getOrDefault("status", "").trim();
            String devices = f.getOrDefault("devices", "0").trim();
            rows.add(new ConsoleViews.WaveRow(e.subject(), f.getOrDefault("enrollment", "").trim(), parseLong(devices),
                    Ages.time(earliest), Ages.time(latest), f.getOrDefault("batch", "").trim(), status, Ages.time(e.recordedAt()),
                    "audit log (redistribute)"));
            lanes.add(new Charts.Lane(ConsoleData.shorten(f.getOrDefault("enrollment", e.subject()).trim(), 24), earliest.getEpochSecond(),
                    latest.getEpochSecond(), "w-" + (status.equals("applied") ? "redistributed" : "due"),
                    devices + " devices expiring " + Ages.time(earliest) + " to " + Ages.time(latest) + ", redistributed "
                            + Ages.time(e.recordedAt()) + " (" + status + ")"));
        }
        java.util.Collections.reverse(rows);
        String chart = Charts.timeline("Redistributed expiry waves on a timeline, with now", from.getEpochSecond(), to.getEpochSecond(),
                now.getEpochSecond(), lanes, Ages.time(from), Ages.time(to));
        List<ConsoleViews.DeviceStatesRow> states = deviceStates(now);
        List<ConsoleViews.StuckRow> stuck = deviceStates.stuckDevices().all().stream()
                .map(s -> new ConsoleViews.StuckRow(s.enrollment(), s.mdm(), s.deviceName(), s.deviceId(), s.detail(), s.total(),
                        Ages.iso(s.recordedAt()), Ages.ago(s.recordedAt(), now))).toList();
        return new ConsoleViews.RenewalsPage(chart, rows, rows.isEmpty(), states, !states.isEmpty(), stuck, !stuck.isEmpty());
    }

    /** Each enrollment's newest recorded counts, with a bar of its states and the age of the sync that counted them. */
    List<ConsoleViews.DeviceStatesRow> deviceStates(Instant now) {
        List<ConsoleViews.DeviceStatesRow> out = new ArrayList<>();
        for (DeviceStateCounts.Counts c : deviceStates.latest()) {
            List<Charts.Segment> segments = new ArrayList<>();
            c.byState().forEach((state, n) -> segments.add(new Charts.Segment(n, "d-" + state, n + " " + state)));
            String chart = Charts.stackedBar(c.enrollment() + ": " + c.total() + " devices by certificate state, reported by "
                    + c.mdm() + " " + Ages.ago(c.recordedAt(), now), segments);
            out.add(new ConsoleViews.DeviceStatesRow(c.enrollment(), c.mdm(), chart, c.issued(), c.expiring(), c.expired(), c.pending(),
                    c.failed(), c.other(), c.total(), Ages.iso(c.recordedAt()), Ages.ago(c.recordedAt(), now)));
        }
        return out;
    }

    private static String reasonClass(List<String> reasons, String reason) {
        return "r-" + Math.min(7, reasons.indexOf(reason));
    }

    private static String label(String reason) {
        return reason.equals(ACCEPTED) ? "accepted" : "rejected: " + reason;
    }

    private static Instant instant(String text, Instant fallback) {
        try {
            return text == null ? fallback : Instant.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            return fallback;
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
