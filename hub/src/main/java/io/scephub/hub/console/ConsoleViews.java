package io.scephub.hub.console;

import java.util.List;

/**
 * What the console's templates render: plain values, already formatted, already secret-free. Charts
 * are SVG text built by {@link Charts} from escaped values; everything else is escaped by the template.
 */
public final class ConsoleViews {
    private ConsoleViews() {
    }

    /**
     * The frame of every page: title, navigation, who is signed in and the form token for sign-out.
     *
     * @param refresh seconds after which the browser reloads the page (a running sync), or null
     * @param base    the path the tenant's pages hang under ({@code ""}, or {@code /tenants/NAME})
     * @param currentTenant the tenant the page is about, or null (the overview of several, or a file without tenants:)
     * @param tenantLinks   the tenants this person may see, for the selector (empty without tenants:)
     */
    public record Layout(String title, List<NavItem> nav, String userName, String role, String csrf, String storeTime, String refresh,
                         String base, String currentTenant, List<NavItem> tenantLinks) {
        /** A page outside any tenant's pages (at {@code /}, no tenant selector). */
        public Layout(String title, List<NavItem> nav, String userName, String role, String csrf, String storeTime, String refresh) {
            this(title, nav, userName, role, csrf, storeTime, refresh, "", null, List.of());
        }

        public boolean hasTenantLinks() {
            return !tenantLinks.isEmpty();
        }
    }

    public record NavItem(String label, String href, boolean current) {
    }

    /** The overview: one entry per tenant this person may see (one for a file without tenants:). */
    public record Overview(List<TenantView> tenants) {
    }

    /** One tenant's part of the overview; {@code base} is where its pages are. */
    public record TenantView(String base, String name, String orgUrl, int enrollmentCount, int converged, int drifting, int failing, int unknown,
                             String stateChart, RunRow lastSync, String lastSuccess, long failures24h, List<Attention> attention,
                             boolean allClear, List<EnrollmentRow> enrollments, String runStrip, String auditStatus, boolean auditIntact) {
    }

    /** Something to look at, most urgent first; {@code severity} is {@code critical}, {@code warning} or {@code info}. */
    public record Attention(String severity, String text, String href) {
    }

    public record EnrollmentRow(String name, String href, String platform, String mdm, String challenge, String state, String stateClass,
                                int pending, String plannedAt, String plannedAgo, int objects) {
    }

    public record EnrollmentPage(String name, String platform, String mdm, String challenge, String include, String exclude, String state,
                                 String stateClass, String stateDetail, boolean hasPlan, String plannedAt, String plannedAgo, String runHref,
                                 String runShortId, boolean dryRun, List<ChangeRow> changes, List<ObjectRow> objects) {
        public boolean hasObjects() {
            return !objects.isEmpty();
        }
    }

    public record ChangeRow(String resource, String action, String status, String statusClass, String vendorId, List<FieldRow> fields) {
        public boolean hasFields() {
            return !fields.isEmpty();
        }
    }

    public record FieldRow(String path, String before, String after) {
    }

    public record ObjectRow(String resource, String vendorId, String status) {
    }

    public record SyncsPage(List<RunRow> runs, String nextHref, boolean canQueue, List<String> enrollments, String chart,
                            boolean empty) {
    }

    public record RunRow(String id, String shortId, String href, String trigger, String requestedBy, boolean dryRun, String status,
                         String statusClass, String plan, String outcomes, String queuedAt, String queuedIso, String ago, String duration,
                         String error, List<RunChange> changes, boolean active, String targets) {
        public boolean hasChanges() {
            return !changes.isEmpty();
        }
    }

    public record RunChange(String resource, String action, String status, String statusClass, String vendorId, String message) {
    }

    public record AuditPage(boolean intact, long checked, String brokenSeq, String reason, List<AuditRow> entries, String lastRecord) {
    }

    public record AuditRow(long seq, String recordedAt, String event, String subject, String runId) {
    }

    public record ChallengesPage(String chart, List<ReasonRow> reasons, long accepted, long rejected, int days, List<Legend> legend,
                                 boolean empty) {
    }

    public record ReasonRow(String reason, long count, String share) {
    }

    public record Legend(String label, String cssClass) {
    }

    public record RenewalsPage(String chart, List<WaveRow> waves, boolean empty, List<DeviceStatesRow> deviceStates,
                               boolean hasDeviceStates, List<StuckRow> stuck, boolean hasStuck) {
    }

    /** A device the renewal rings gave up on, as the last sync's status read marked it; {@code total}: its enrollment's stuck devices. */
    public record StuckRow(String enrollment, String mdm, String deviceName, String deviceId, String detail, long total, String recordedAt,
                           String age) {
    }

    /** One enrollment's devices by certificate state, as the MDM reported them at a sync, and how old that is. */
    public record DeviceStatesRow(String enrollment, String mdm, String chart, long issued, long expiring, long expired, long pending,
                                  long failed, long other, long total, String recordedAt, String age) {
    }

    public record WaveRow(String profile, String enrollment, long devices, String from, String to, String batch, String status,
                          String recordedAt, String source) {
    }

    /** An error or notice page (sign-in failed, not allowed, not found). */
    public record Message(String heading, String text, String linkHref, String linkLabel) {
    }
}
