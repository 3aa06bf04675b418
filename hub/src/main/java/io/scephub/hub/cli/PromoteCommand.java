package io.scephub.hub.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.config.ScephubConfig;
import io.scephub.core.apply.ApplyResult;
import io.scephub.core.check.CheckResult;
import io.scephub.core.plan.Plan;
import io.scephub.hub.Hub;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.HubRuntime;
import io.scephub.hub.HubSession;
import io.scephub.hub.KeptReadsMode;
import io.scephub.hub.check.OnlineValidation;
import io.scephub.hub.promote.Promotion;
import io.scephub.hub.state.EnrollmentPlans;
import io.scephub.hub.state.SyncLock;
import io.scephub.hub.sync.TargetFilter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scephub promote}: applies to production the templates that converged and validate in its preview tenant. */
@Command(name = "promote", exitCodeOnInvalidInput = ScephubCommand.EXIT_ERROR,
        description = {"Apply to the production tenant (--to) only the templates that converged in its preview tenant (--from,"
                + " marked preview-of: in scephub.yaml) — the last sync of preview planned nothing for their enrollments — and"
                + " pass `validate --online` there (run now). Every other template is refused with its reasons.",
                "Exit code: 0 every template promoted (or nothing to change), 3 a template was refused (the others applied),"
                        + " 1 error or a failed apply."})
public final class PromoteCommand extends ConfiguredCommand {
    /** Some template was refused. */
    static final int EXIT_REFUSED = 3;

    @Option(names = "--from", required = true, paramLabel = "TENANT", description = "The preview tenant.")
    private String from;

    @Option(names = "--to", required = true, paramLabel = "TENANT", description = "The production tenant it previews.")
    private String to;

    @Option(names = "--auto-approve", description = "Apply without asking for confirmation.")
    private boolean autoApprove;

    @Option(names = "--dry-run", description = "Judge and plan, apply nothing.")
    private boolean dryRun;

    @Override
    public Integer call() {
        HubEnvironment env = root.env();
        PrintWriter out = spec.commandLine().getOut();
        boolean json = options.output == ConfigOptions.OutputFormat.json;
        if (!dryRun && !autoApprove && (json || !env.terminal().interactive())) {
            throw new CliError(CliError.NOT_CONFIRMED, "promote changes the production tenant " + to + " and asks for confirmation,"
                    + " but cannot ask here; pass --auto-approve (or --dry-run to see what would be promoted)");
        }
        try (Hub hub = root.newHub()) {
            ScephubConfig config = hub.load(options.config);
            List<Promotion.Verdict> verdicts;
            try (HubRuntime runtime = hub.runtime(config)) {
                List<CheckResult> validation = List.of();
                Optional<String> validationError = Optional.empty();
                requireTenants(config);
                try (HubSession preview = runtime.hub().open(config.forTenant(from), KeptReadsMode.CHECK)) {
                    validation = new OnlineValidation(preview).run();
                } catch (RuntimeException e) {
                    validationError = Optional.of(ErrorText.of(e));
                }
                try {
                    verdicts = Promotion.judge(config, from, to, new EnrollmentPlans(runtime.store().dataSource(), from),
                            validation, validationError);
                } catch (IllegalArgumentException e) {
                    throw CliError.usage(e.getMessage());
                }
                List<String> promoted = new ArrayList<>();
                verdicts.stream().filter(Promotion.Verdict::promotable).forEach(v -> promoted.addAll(v.enrollments()));
                Optional<Plan> plan = Optional.empty();
                Optional<ApplyResult> result = Optional.empty();
                if (!promoted.isEmpty()) {
                    try (HubSession prod = runtime.hub().open(config.forTenant(to));
                         SyncLock.Held held = prod.lockSyncs(SyncWait.sayWaiting(spec.commandLine().getErr()))) {
                        plan = Optional.of(TargetFilter.filter(prod.plan(), promoted));
                        if (!json) {
                            print(verdicts, out);
                            PlanOutput.print(plan.get(), options.output, out);
                        }
                        if (!dryRun && !plan.get().isEmpty()) {
                            if (!autoApprove) {
                                confirm(env, plan.get());
                            }
                            result = Optional.of(prod.apply(plan.get(), new ProgressPrinter(out, !json)));
                            if (!json) {
                                PlanOutput.summary(result.get(), out);
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CliError(CliError.NOT_CONFIRMED, "promote stopped while waiting for a sync of " + to + "; nothing changed");
                    }
                } else if (!json) {
                    print(verdicts, out);
                    out.println("Nothing to promote: every template was refused.");
                }
                if (json) {
                    out.println(json(verdicts, plan, result).toPrettyString());
                }
                if (result.isPresent() && !result.get().succeeded()) {
                    return ScephubCommand.EXIT_ERROR;
                }
                return verdicts.stream().allMatch(Promotion.Verdict::promotable) ? 0 : EXIT_REFUSED;
            }
        }
    }

    private void requireTenants(ScephubConfig config) {
        for (String[] t : new String[][] {{"--from", from}, {"--to", to}}) {
            if (config.tenant(t[1]).isEmpty()) {
                throw CliError.usage(t[0] + ": " + t[1] + " is not a tenant of " + config.source().getFileName() + "; it defines "
                        + String.join(", ", config.tenantNames()));
            }
        }
    }

    private void print(List<Promotion.Verdict> verdicts, PrintWriter out) {
        out.println("Promotion from " + from + " to " + to + ":");
        if (verdicts.isEmpty()) {
            out.println("  no template is applied to " + to);
        }
        for (Promotion.Verdict v : verdicts) {
            if (v.promotable()) {
                out.println("  template " + v.template() + ": promoted (" + String.join(", ", v.enrollments()) + ")");
            } else {
                out.println("  template " + v.template() + ": REFUSED");
                v.reasons().forEach(r -> out.println("    - " + r));
            }
        }
        out.flush();
    }

    private ObjectNode json(List<Promotion.Verdict> verdicts, Optional<Plan> plan, Optional<ApplyResult> result) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("from", from).put("to", to).put("dryRun", dryRun);
        ArrayNode templates = root.putArray("templates");
        for (Promotion.Verdict v : verdicts) {
            ObjectNode t = templates.addObject().put("template", v.template()).put("promoted", v.promotable());
            v.enrollments().forEach(t.putArray("enrollments")::add);
            ArrayNode reasons = t.putArray("reasons");
            v.reasons().forEach(reasons::add);
        }
        plan.ifPresent(p -> root.set("apply", ApplyJson.toJson(p, result)));
        return root;
    }

    private void confirm(HubEnvironment env, Plan plan) {
        Optional<String> answer = env.terminal().readLine("\nApply these " + plan.effectiveChanges().size() + " change(s) to the"
                + " production tenant " + to + "?\n  Only 'yes' will be accepted.\n\n  Enter a value: ");
        if (!answer.map(String::strip).orElse("").equals("yes")) {
            throw new CliError(CliError.NOT_CONFIRMED, "promote cancelled; nothing was changed");
        }
    }

    /** A failure's message without secrets: project exceptions are built secret-free; others give their type. */
    private static final class ErrorText {
        static String of(RuntimeException e) {
            return e instanceof io.scephub.core.error.ScephubException || e instanceof IllegalArgumentException
                    ? e.getMessage() : e.getClass().getSimpleName();
        }
    }
}
