package io.scephub.hub.console;

import io.scephub.config.ScephubConfig;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.text.DisplayName;
import io.scephub.hub.state.AuditLog;
import io.scephub.hub.state.DeviceStateCounts;
import io.scephub.hub.state.EnrollmentPlans;
import io.scephub.hub.sync.SyncRun;
import io.scephub.hub.sync.SyncRunChange;
import io.scephub.hub.sync.SyncRuns;
import io.scephub.hub.sync.SyncStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Builds the console's pages from what the state store holds (sync runs, each enrollment's last plan,
 * the audit log) and from scephub.yaml on disk: never from a vendor, so a page is as fast as the
 * database and says how old what it shows is.
 */
public final class ConsoleData {
    /** A run this long after the last successful apply is overdue with the default 15-minute schedule. */
    static final Duration STALE_AFTER = Duration.ofHours(1);
    static final int STRIP_RUNS = 30;
    /** Run errors and change messages are scephub's sentences around vendor text: escaped, cut only when absurd. */
    static final int MESSAGE_LIMIT = 2000;

    private final Supplier<ScephubConfig> file;
    private final Supplier<ScephubConfig> config;
    private final String tenant;
    private final String base;
    private final SyncRuns runs;
    private final EnrollmentPlans plans;
    private final AuditLog audit;
    private final DeviceStateCounts deviceStateCounts;
    private final Clock clock;
    private final DataSource dataSource;

    /** The whole file's view; its own pages are the {@code default} tenant's, at {@code /}. */
    public ConsoleData(Supplier<ScephubConfig> config, DataSource dataSource, Clock clock) {
        this(config, config, io.scephub.config.Tenant.DEFAULT, "", dataSource, clock);
    }

    private ConsoleData(Supplier<ScephubConfig> file, Supplier<ScephubConfig> config, String tenant, String base, DataSource dataSource,
                        Clock clock) {
        this.file = file;
        this.config = config;
        this.tenant = tenant;
        this.base = base;
        this.dataSource = dataSource;
        this.runs = new SyncRuns(dataSource, clock, tenant);
        this.plans = new EnrollmentPlans(dataSource, tenant);
        this.audit = new AuditLog(dataSource, clock, tenant);
        this.deviceStateCounts = new DeviceStateCounts(dataSource, tenant);
        this.clock = clock;
    }

    /** {@code tenant}'s pages, under {@code base}: its part of scephub.yaml, its runs, plans, audit chain and device counts. */
    ConsoleData scoped(String tenant, String base) {
        return new ConsoleData(file, () -> {
            ScephubConfig whole = file.get();
            return whole.tenanted() ? whole.forTenant(tenant) : whole;
        }, tenant, base, dataSource, clock);
    }

    /** scephub.yaml as a whole, read afresh. */
    ScephubConfig file() {
        return file.get();
    }

    String base() {
        return base;
    }

    Instant now() {
        return clock.instant();
    }

    /** The enrollment names scephub.yaml defines now. */
    List<String> enrollmentNames() {
        return config.get().desired().enrollments().stream().map(EnrollmentSpec::name).toList();
    }

    // ----- overview -----------------------------------------------------------------------------

    /**
     * One section per tenant of {@code tenants} (those the person may see), each linking to its own pages; a file
     * without tenants: is the one tenant "default", shown as before.
     */
    ConsoleViews.Overview overview(List<String> tenants) {
        ScephubConfig cfg = file.get();
        if (!cfg.tenanted()) {
            return new ConsoleViews.Overview(tenants.isEmpty() ? List.of() : List.of(tenantView(Optional.empty())));
        }
        List<ConsoleViews.TenantView> views = new ArrayList<>();
        for (String name : tenants) {
            views.add(scoped(name, tenantBase(name)).tenantView(Optional.of(name)));
        }
        return new ConsoleViews.Overview(views);
    }

    /** This tenant's section alone (its own overview page). */
    ConsoleViews.Overview tenantOverview() {
        return new ConsoleViews.Overview(List.of(tenantView(file.get().tenanted() ? Optional.of(tenant) : Optional.empty())));
    }

    /** Where {@code tenant}'s pages are. */
    static String tenantBase(String tenant) {
        return "/tenants/" + java.net.URLEncoder.encode(tenant, java.nio.charset.StandardCharsets.UTF_8);
    }

    private ConsoleViews.TenantView tenantView(Optional<String> tenantName) {
        ScephubConfig cfg = config.get();
        Instant now = now();
        Map<String, EnrollmentPlans.EnrollmentPlan> byName = plans.all().stream()
                .collect(Collectors.toMap(EnrollmentPlans.EnrollmentPlan::enrollment, Function.identity()));
        List<ConsoleViews.EnrollmentRow> rows = new ArrayList<>();
        List<ConsoleViews.Attention> attention = new ArrayList<>();
        int converged = 0;
        int drifting = 0;
        int failing = 0;
        int unknown = 0;
        for (EnrollmentSpec e : cfg.desired().enrollments()) {
            Optional<EnrollmentPlans.EnrollmentPlan> plan = Optional.ofNullable(byName.get(e.name()));
            State state = State.of(plan);
            switch (state) {
                case CONVERGED, REPAIRED -> converged++;
                case DRIFTING -> drifting++;
                case FAILING -> failing++;
                case UNKNOWN -> unknown++;
            }
            // Changes a repaired enrollment had are done: only a dry run's or a failed apply's are still pending.
            int pending = state == State.DRIFTING || state == State.FAILING ? plan.map(p -> p.effective().size()).orElse(0) : 0;
            rows.add(new ConsoleViews.EnrollmentRow(e.name(), enrollmentHref(e.name()), lower(e.platform()), e.mdm(), lower(e.challenge()),
                    state.label, state.cssClass, pending, plan.map(p -> Ages.time(p.plannedAt())).orElse("never"),
                    plan.map(p -> Ages.ago(p.plannedAt(), now)).orElse(""), plan.map(p -> p.changes().size()).orElse(0)));
            if (state == State.FAILING) {
                attention.add(new ConsoleViews.Attention("critical", e.name() + ": the last sync could not apply "
                        + plural(pending, "change"), enrollmentHref(e.name())));
            } else if (state == State.DRIFTING) {
                attention.add(new ConsoleViews.Attention("warning", e.name() + ": " + plural(pending, "change") + " pending (found by a dry run "
                        + Ages.ago(plan.get().plannedAt(), now) + ")", enrollmentHref(e.name())));
            } else if (state == State.UNKNOWN) {
                attention.add(new ConsoleViews.Attention("info", e.name() + ": not synced yet", enrollmentHref(e.name())));
            }
        }
        List<SyncRun> recent = runs.page(STRIP_RUNS, Optional.empty(), Optional.empty()).runs();
        Optional<SyncRun> last = recent.stream().filter(r -> r.finishedAt().isPresent()).findFirst();
        SyncRuns.Stats stats = runs.stats();
        long failures24h = recent.stream().filter(r -> r.status() == SyncStatus.FAILED || r.status() == SyncStatus.PARTIAL)
                .filter(r -> r.finishedAt().map(f -> f.isAfter(now.minus(Duration.ofHours(24)))).orElse(false)).count();
        last.filter(r -> r.status() == SyncStatus.FAILED || r.status() == SyncStatus.PARTIAL).ifPresent(r -> attention.add(0,
                new ConsoleViews.Attention("critical", "The last sync " + r.status().value() + " " + Ages.ago(r.finishedAt().get(), now)
                        + r.error().map(m -> ": " + shorten(m, 160)).orElse(""), runHref(r.id()))));
        if (stats.lastSuccess().isEmpty()) {
            attention.add(new ConsoleViews.Attention("warning", "No sync has applied successfully yet", base + "/syncs"));
        } else if (stats.lastSuccess().get().isBefore(now.minus(STALE_AFTER))) {
            attention.add(new ConsoleViews.Attention("warning", "The last successful sync finished " + Ages.ago(stats.lastSuccess().get(), now)
                    + "; is the scheduler running?", base + "/syncs"));
        }
        AuditLog.Verification verification = audit.verify();
        if (!verification.intact()) {
            attention.add(0, new ConsoleViews.Attention("critical", "The audit chain is broken at record "
                    + verification.broken().get().seq() + ": " + verification.reason().orElse(""), base + "/audit"));
        }
        attention.sort(Comparator.comparingInt(a -> List.of("critical", "warning", "info").indexOf(a.severity())));
        List<SyncRun> oldestFirst = new ArrayList<>(recent);
        java.util.Collections.reverse(oldestFirst);
        String strip = Charts.strip("The last " + oldestFirst.size() + " sync runs, oldest first", oldestFirst.stream()
                .map(r -> new Charts.Segment(1, "s-" + r.status().value(), Ages.time(r.queuedAt()) + " " + r.trigger().value()
                        + (r.dryRun() ? " dry run " : " sync ") + r.status().value())).toList());
        String chart = Charts.stackedBar("Enrollments by state", List.of(
                new Charts.Segment(converged, "s-succeeded", converged + " converged"),
                new Charts.Segment(drifting, "s-partial", drifting + " drifting"),
                new Charts.Segment(failing, "s-failed", failing + " failing"),
                new Charts.Segment(unknown, "s-queued", unknown + " not synced yet")));
        String orgUrl = orgUrl(cfg);
        return new ConsoleViews.TenantView(base, tenantName.orElse(tenantName(orgUrl)), orgUrl, rows.size(), converged, drifting, failing, unknown, chart,
                last.map(r -> row(r, now)).orElse(null), stats.lastSuccess().map(t -> Ages.time(t) + " (" + Ages.ago(t, now) + ")")
                .orElse("never"), failures24h, attention, attention.isEmpty(), rows, strip,
                verification.intact() ? "intact (" + verification.checked() + " records)" : "broken", verification.intact());
    }

    /** Where an enrollment stands after its last recorded plan. */
    enum State {
        CONVERGED("in sync", "s-succeeded"), REPAIRED("in sync (drift repaired)", "s-succeeded"), DRIFTING("drifting", "s-partial"),
        FAILING("failing", "s-failed"), UNKNOWN("not synced yet", "s-queued");

        final String label;
        final String cssClass;

        State(String label, String cssClass) {
            this.label = label;
            this.cssClass = cssClass;
        }

        static State of(Optional<EnrollmentPlans.EnrollmentPlan> plan) {
            if (plan.isEmpty()) {
                return UNKNOWN;
            }
            List<EnrollmentPlans.Change> effective = plan.get().effective();
            if (effective.isEmpty()) {
                return CONVERGED;
            }
            if (plan.get().dryRun()) {
                return DRIFTING;
            }
            boolean allDone = effective.stream().allMatch(c -> c.status().equals("applied") || c.status().equals("adopted"));
            return allDone ? REPAIRED : FAILING;
        }
    }

    // ----- one enrollment -----------------------------------------------------------------------

    Optional<ConsoleViews.EnrollmentPage> enrollment(String name) {
        Optional<EnrollmentSpec> spec = config.get().desired().enrollments().stream().filter(e -> e.name().equals(name)).findFirst();
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        EnrollmentSpec e = spec.get();
        Instant now = now();
        Optional<EnrollmentPlans.EnrollmentPlan> plan = plans.find(name);
        State state = State.of(plan);
        String detail = plan.map(p -> switch (state) {
            case CONVERGED -> "The last plan found nothing to change.";
            case REPAIRED -> "The last sync found " + plural(p.effective().size(), "difference") + " and applied them.";
            case DRIFTING -> "A dry run found " + plural(p.effective().size(), "difference") + "; the next sync applies them.";
            case FAILING -> "The last sync could not apply every change; see the statuses below.";
            case UNKNOWN -> "";
        }).orElse("No sync has planned this enrollment yet.");
        List<ConsoleViews.ChangeRow> changes = plan.map(p -> p.effective().stream().map(c -> new ConsoleViews.ChangeRow(c.resource(),
                c.action(), c.status(), statusClass(c.status()), c.vendorId().map(DisplayName::cell).orElse("(new)"),
                c.fields().stream().map(f -> new ConsoleViews.FieldRow(f.path(), f.before(), f.after())).toList())).toList())
                .orElse(List.of());
        List<ConsoleViews.ObjectRow> objects = plan.map(p -> p.changes().stream().filter(c -> c.vendorId().isPresent())
                .map(c -> new ConsoleViews.ObjectRow(c.resource(), DisplayName.cell(c.vendorId().get()), c.status())).toList())
                .orElse(List.of());
        return Optional.of(new ConsoleViews.EnrollmentPage(e.name(), lower(e.platform()), e.mdm(), lower(e.challenge()),
                groups(e.groups().include()), groups(e.groups().exclude()), state.label, state.cssClass, detail,
                plan.isPresent(), plan.map(p -> Ages.time(p.plannedAt())).orElse(""), plan.map(p -> Ages.ago(p.plannedAt(), now)).orElse(""),
                plan.map(p -> runHref(p.runId())).orElse(""), plan.map(p -> shortId(p.runId())).orElse(""),
                plan.map(EnrollmentPlans.EnrollmentPlan::dryRun).orElse(false), changes, objects));
    }

    // ----- sync runs ----------------------------------------------------------------------------

    ConsoleViews.SyncsPage syncs(Optional<String> cursor, boolean canQueue) {
        Instant now = now();
        SyncRuns.Page page = runs.page(20, cursor, Optional.empty());
        List<SyncRun> oldestFirst = new ArrayList<>(page.runs());
        java.util.Collections.reverse(oldestFirst);
        String chart = Charts.columns("Changes per run (newest right)", oldestFirst.stream().map(r -> new Charts.Column(
                shortId(r.id()).substring(0, 4), List.of(
                new Charts.Segment(r.changes().stream().filter(c -> isDone(c.status())).count(), "s-succeeded", "applied"),
                new Charts.Segment(r.changes().stream().filter(c -> c.status().equals(SyncRunChange.PLANNED)).count(), "s-queued", "planned"),
                new Charts.Segment(r.changes().stream().filter(c -> !isDone(c.status()) && !c.status().equals(SyncRunChange.PLANNED)).count(),
                        "s-failed", "failed or skipped")))).toList());
        List<String> names;
        try {
            names = enrollmentNames();
        } catch (RuntimeException e) {
            names = List.of();
        }
        return new ConsoleViews.SyncsPage(page.runs().stream().map(r -> row(r, now)).toList(),
                page.next().map(n -> base + "/syncs?cursor=" + java.net.URLEncoder.encode(n, java.nio.charset.StandardCharsets.UTF_8)).orElse(null),
                canQueue, names, chart, page.runs().isEmpty());
    }

    Optional<ConsoleViews.RunRow> sync(String id) {
        return runs.find(id).map(r -> row(r, now()));
    }

    private ConsoleViews.RunRow row(SyncRun r, Instant now) {
        String duration = r.startedAt().map(s -> Ages.duration(Duration.between(s, r.finishedAt().orElse(now)))).orElse("");
        return new ConsoleViews.RunRow(r.id(), shortId(r.id()), runHref(r.id()), r.trigger().value(), r.requestedBy(), r.dryRun(),
                r.status().value(), "s-" + r.status().value(), counts(r.plan()), counts(r.outcomes()), Ages.time(r.queuedAt()),
                Ages.iso(r.queuedAt()), Ages.ago(r.queuedAt(), now), duration,
                r.error().map(m -> DisplayName.cell(m, MESSAGE_LIMIT)).orElse(null),
                r.changes().stream().map(c -> new ConsoleViews.RunChange(c.resource(), c.action(), c.status(), statusClass(c.status()),
                        DisplayName.cell(c.vendorId().orElse("")), DisplayName.cell(c.message().orElse(""), MESSAGE_LIMIT))).toList(),
                r.status() == SyncStatus.QUEUED || r.status() == SyncStatus.RUNNING,
                r.enrollments().isEmpty() ? "all enrollments" : String.join(", ", r.enrollments()));
    }

    // ----- audit --------------------------------------------------------------------------------

    ConsoleViews.AuditPage audit() {
        AuditLog.Verification v = audit.verify();
        List<AuditLog.Entry> recent = new ArrayList<>();
        audit.forEachSince(now().minus(Duration.ofDays(7)), e -> {
            recent.add(e);
            if (recent.size() > 50) {
                recent.remove(0);
            }
        });
        java.util.Collections.reverse(recent);
        return new ConsoleViews.AuditPage(v.intact(), v.checked(), v.broken().map(e -> Long.toString(e.seq())).orElse(null),
                v.reason().orElse(null), recent.stream().map(e -> new ConsoleViews.AuditRow(e.seq(), Ages.time(e.recordedAt()), e.event(),
                shorten(e.subject(), 120), shortId(e.runId()))).toList(),
                recent.isEmpty() ? "none in the last 7 days" : Ages.time(recent.get(0).recordedAt()) + " (" + Ages.ago(recent.get(0).recordedAt(), now()) + ")");
    }

    AuditLog auditLog() {
        return audit;
    }

    DeviceStateCounts deviceStateCounts() {
        return deviceStateCounts;
    }

    // ----- helpers ------------------------------------------------------------------------------

    /**
     * Group names as every name scephub prints them: quoted, escaped and cut ({@link DisplayName}); the
     * template then escapes HTML, so a name can neither break the page nor reorder it (bidi overrides).
     */
    static String groups(List<String> names) {
        return names.stream().map(DisplayName::quote).collect(Collectors.joining(", "));
    }

    static boolean isDone(String status) {
        return status.equals("applied") || status.equals("adopted");
    }

    static String statusClass(String status) {
        return switch (status) {
            case "applied", "adopted", "unchanged" -> "s-succeeded";
            case "planned" -> "s-queued";
            case "failed" -> "s-failed";
            default -> "s-partial";
        };
    }

    String enrollmentHref(String name) {
        return base + "/enrollments/" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8);
    }

    String runHref(String id) {
        return base + "/syncs/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    private static String counts(Map<String, Long> counts) {
        return counts.entrySet().stream().filter(e -> e.getValue() > 0).map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String orgUrl(ScephubConfig cfg) {
        ConnectorSettings okta = cfg.desired().connectors().get("okta");
        return okta == null ? "" : String.valueOf(okta.values().getOrDefault("orgUrl", ""));
    }

    private static String tenantName(String orgUrl) {
        try {
            String host = URI.create(orgUrl).getHost();
            return host == null ? "this scephub" : host;
        } catch (IllegalArgumentException e) {
            return "this scephub";
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
