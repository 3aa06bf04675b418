package io.scephub.hub.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.core.check.CheckResult;
import io.scephub.hub.check.DoctorReport;
import io.scephub.hub.check.DoctorStep;
import java.io.PrintWriter;
import java.util.List;

/** Prints online check results ({@code validate --online}) and doctor reports as text or JSON. */
final class CheckOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckOutput() {
    }

    static void printValidation(List<CheckResult> results, ConfigOptions.OutputFormat format, PrintWriter out) {
        if (format == ConfigOptions.OutputFormat.json) {
            ObjectNode root = JSON.createObjectNode();
            root.put("passed", results.stream().noneMatch(CheckResult::failed));
            results(root.putArray("checks"), results);
            out.println(root.toPrettyString());
            return;
        }
        String subject = null;
        for (CheckResult result : results) {
            if (!result.subject().equals(subject)) {
                subject = result.subject();
                out.println("enrollment " + subject + ":");
            }
            out.printf("  %-7s %-34s %s%n", result.status(), result.name(), result.message());
            if (!result.nextStep().isEmpty() && result.status() != CheckResult.Status.PASS) {
                out.println("          next step: " + result.nextStep());
            }
        }
        long failed = results.stream().filter(CheckResult::failed).count();
        out.println(failed == 0 ? "All " + results.size() + " online checks passed."
                : failed + " of " + results.size() + " online checks failed.");
    }

    static void printDoctor(DoctorReport report, ConfigOptions.OutputFormat format, PrintWriter out) {
        printDoctor(report, format, out, null);
    }

    /** As above; {@code expiry} (may be null) becomes the JSON's {@code expiry} member. */
    static void printDoctor(DoctorReport report, ConfigOptions.OutputFormat format, PrintWriter out, ArrayNode expiry) {
        if (format == ConfigOptions.OutputFormat.json) {
            ObjectNode root = JSON.createObjectNode();
            root.put("device", report.device());
            root.put("enrollment", report.enrollment());
            root.put("mdm", report.mdm());
            root.put("passed", !report.failed());
            ArrayNode steps = root.putArray("steps");
            for (DoctorStep step : report.steps()) {
                ObjectNode node = steps.addObject();
                node.put("number", step.number());
                node.put("question", step.question());
                node.put("status", step.status().name());
                node.put("message", step.decisive().message());
                node.put("nextStep", step.decisive().nextStep());
                results(node.putArray("checks"), step.checks());
            }
            if (expiry != null) {
                root.set("expiry", expiry);
            }
            out.println(root.toPrettyString());
            return;
        }
        out.println("Device " + report.device() + ", enrollment " + report.enrollment() + " (" + report.mdm() + ")");
        for (DoctorStep step : report.steps()) {
            out.printf("%d. %-44s %s%n", step.number(), step.question(), step.status());
            for (CheckResult check : step.checks()) {
                out.println("   " + check.status() + "  " + check.message());
                if (!check.nextStep().isEmpty() && (check.status() == CheckResult.Status.FAIL || check.status() == CheckResult.Status.WARN)) {
                    out.println("         next step: " + check.nextStep());
                }
            }
        }
        out.println(report.firstFailure()
                .map(step -> "Start with check " + step.number() + " (" + step.question() + "): " + step.decisive().nextStep())
                .orElseGet(() -> {
                    List<String> skipped = report.steps().stream().filter(st -> st.status() == CheckResult.Status.SKIPPED)
                            .map(st -> "check " + st.number()).toList();
                    return skipped.isEmpty() ? "All three checks passed."
                            : "No check failed; " + String.join(" and ", skipped) + " skipped (see above for what it needs).";
                }));
    }

    private static void results(ArrayNode array, List<CheckResult> results) {
        for (CheckResult result : results) {
            ObjectNode node = array.addObject();
            node.put("subject", result.subject());
            node.put("name", result.name());
            node.put("status", result.status().name());
            node.put("message", result.message());
            node.put("nextStep", result.nextStep());
        }
    }
}
