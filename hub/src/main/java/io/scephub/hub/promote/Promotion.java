package io.scephub.hub.promote;

import io.scephub.config.ScephubConfig;
import io.scephub.config.Tenant;
import io.scephub.core.check.CheckResult;
import io.scephub.hub.state.EnrollmentPlans;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which templates may go from a preview tenant to its production tenant: those applied to both whose
 * enrollments converged in preview (the last sync's plan for each was empty) and passed
 * {@code validate --online} there. Every other template is refused with its reasons.
 */
public final class Promotion {

    /** One template's verdict: its production enrollments, and why it may not be promoted (empty: it may). */
    public record Verdict(String template, List<String> enrollments, List<String> reasons) {
        public Verdict {
            enrollments = List.copyOf(enrollments);
            reasons = List.copyOf(reasons);
        }

        public boolean promotable() {
            return reasons.isEmpty();
        }
    }

    private Promotion() {
    }

    /**
     * {@code from} must be marked {@code preview-of: to}; otherwise an {@link IllegalArgumentException}
     * says so. {@code validation} is the preview's {@code validate --online} result, or empty with
     * {@code validationError} when it could not run.
     */
    public static List<Verdict> judge(ScephubConfig config, String from, String to, EnrollmentPlans previewPlans,
                                      List<CheckResult> validation, Optional<String> validationError) {
        Tenant preview = config.tenant(from).orElseThrow(() -> new IllegalArgumentException("--from: " + from
                + " is not a tenant of " + config.source().getFileName() + "; it defines " + String.join(", ", config.tenantNames())));
        Tenant prod = config.tenant(to).orElseThrow(() -> new IllegalArgumentException("--to: " + to
                + " is not a tenant of " + config.source().getFileName() + "; it defines " + String.join(", ", config.tenantNames())));
        if (!preview.previewOf().equals(Optional.of(prod.name()))) {
            throw new IllegalArgumentException("tenant " + from + " is not the preview of " + to + " (mark it with preview-of: " + to
                    + " in " + config.source().getFileName() + preview.previewOf().map(p -> "; it is the preview of " + p).orElse("")
                    + ")");
        }
        Map<String, List<String>> prodTemplates = byTemplate(prod);
        Map<String, List<String>> previewTemplates = byTemplate(preview);
        Map<String, EnrollmentPlans.EnrollmentPlan> plans = new LinkedHashMap<>();
        previewPlans.all().forEach(p -> plans.put(p.enrollment(), p));

        List<Verdict> verdicts = new ArrayList<>();
        for (Map.Entry<String, List<String>> template : prodTemplates.entrySet()) {
            List<String> reasons = new ArrayList<>();
            List<String> inPreview = previewTemplates.get(template.getKey());
            if (inPreview == null) {
                reasons.add("not applied to " + from + ", so never tried there (add " + from + " to its applyTo)");
            } else {
                for (String enrollment : inPreview) {
                    converged(from, enrollment, plans.get(enrollment)).ifPresent(reasons::add);
                }
                if (validationError.isPresent()) {
                    reasons.add("validate --online could not run in " + from + ": " + validationError.get());
                } else {
                    Set<String> failed = new LinkedHashSet<>();
                    for (CheckResult result : validation) {
                        if (inPreview.contains(result.subject()) && result.failed()) {
                            failed.add(result.subject() + " " + result.name() + ": " + result.message());
                        }
                    }
                    failed.forEach(f -> reasons.add("validate --online failed in " + from + ": " + f));
                }
            }
            verdicts.add(new Verdict(template.getKey(), template.getValue(), reasons));
        }
        return verdicts;
    }

    /** Why an enrollment has not converged in the preview, or empty when its last sync planned nothing. */
    private static Optional<String> converged(String from, String enrollment, EnrollmentPlans.EnrollmentPlan plan) {
        if (plan == null) {
            return Optional.of(enrollment + " was never synced in " + from + " (no recorded plan); run scephub sync --tenant " + from);
        }
        List<EnrollmentPlans.Change> pending = plan.effective();
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        List<String> resources = pending.stream().map(c -> c.action() + " " + c.resource()).limit(5).toList();
        return Optional.of(enrollment + " has not converged in " + from + ": its last sync (run " + plan.runId() + " at "
                + plan.plannedAt() + ") planned " + pending.size() + " change(s): " + String.join(", ", resources)
                + (pending.size() > resources.size() ? ", ..." : "") + "; sync " + from + " until its plan is empty");
    }

    /** A tenant's template enrollments by template name, in the file's order. */
    private static Map<String, List<String>> byTemplate(Tenant tenant) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        tenant.desired().enrollments().forEach(e -> {
            String template = tenant.templateOf().get(e.name());
            if (template != null) {
                out.computeIfAbsent(template, t -> new ArrayList<>()).add(e.name());
            }
        });
        return out;
    }
}
