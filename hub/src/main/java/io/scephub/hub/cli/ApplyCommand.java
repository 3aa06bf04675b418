package io.scephub.hub.cli;

import io.scephub.config.ScephubConfig;
import io.scephub.core.apply.ApplyResult;
import io.scephub.core.plan.Plan;
import io.scephub.hub.Hub;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.HubSession;
import io.scephub.hub.state.SyncLock;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scephub apply}: plans, shows the plan, asks for {@code yes} on a terminal (or takes
 * {@code --auto-approve}), then applies; {@code apply FILE} applies a saved plan exactly, or refuses
 * it when planning again gives a different plan. The model is Terraform's apply.
 */
@Command(name = "apply", description = {"Plan, then make Okta and the MDMs match scephub.yaml.",
        "On a terminal the plan is shown and only 'yes' applies it; scripts pass --auto-approve.",
        "apply PLAN applies a plan saved by `scephub plan --out PLAN` without asking, and only if planning now gives exactly that plan.",
        "Safe to re-run: objects carry an ownership marker, so an interrupted apply converges without duplicates.",
        "Exit code: 0 applied (or nothing to do), 1 error, cancelled, refused or partly applied."})
public final class ApplyCommand extends ConfiguredCommand {
    @Mixin
    private RefreshOption refresh;

    @Mixin
    private TenantOption tenant;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PLAN",
            description = "A plan saved by `scephub plan --out PLAN`; its configuration file is the one it was made from.")
    private Path savedPlan;

    @Option(names = "--auto-approve", description = "Apply without asking for confirmation (for scripts, CI and schedulers).")
    private boolean autoApprove;

    @Override
    public Integer call() throws Exception {
        HubEnvironment env = root.env();
        PrintWriter out = spec.commandLine().getOut();
        boolean json = options.output == ConfigOptions.OutputFormat.json;
        Optional<SavedPlan> saved = Optional.ofNullable(savedPlan).map(p -> SavedPlan.read(env.resolve(p)));
        boolean ask = saved.isEmpty() && !autoApprove;
        if (ask && json) {
            throw new CliError(CliError.NOT_CONFIRMED, "apply --output json cannot ask for confirmation; pass --auto-approve,"
                    + " or save a reviewed plan with `scephub plan --out FILE` and run `scephub apply FILE --output json`");
        }
        if (ask && !env.terminal().interactive()) {
            throw new CliError(CliError.NOT_CONFIRMED, "apply asks for confirmation, but there is no terminal to ask on;"
                    + " review `scephub plan` and pass --auto-approve, or save it with `scephub plan --out FILE`"
                    + " and apply exactly that with `scephub apply FILE`");
        }
        Path configFile = configFile(env, saved);
        try (Hub hub = root.newHub()) {
            ScephubConfig loaded = hub.load(configFile);
            List<String> tenants;
            if (saved.isPresent()) {
                String planned = saved.get().tenant();
                if (loaded.tenant(planned).isEmpty()) {
                    throw CliError.usage("the saved plan " + savedPlan + " is tenant " + planned + "'s, which "
                            + configFile.getFileName() + " no longer defines; plan again");
                }
                tenants = List.of(planned);
            } else {
                tenants = tenant.select(loaded);
            }
            if (ask && tenants.size() > 1) {
                // Each tenant's plan is shown once all have run; a question per tenant would come before its plan.
                throw new CliError(CliError.NOT_CONFIRMED, "apply asks for confirmation one tenant at a time; name the tenant with"
                        + " --tenant (the file has " + String.join(", ", tenants) + "), or review `scephub plan` and pass --auto-approve");
            }
            Hub sessions = hub.forTenants(loaded, tenants);
            return PerTenant.sequential(spec.commandLine(), json, loaded, tenants, config -> apply(sessions, env, config, saved, ask));
        }
    }

    private int apply(Hub hub, HubEnvironment env, ScephubConfig config, Optional<SavedPlan> saved, boolean ask) {
        PrintWriter out = spec.commandLine().getOut();
        boolean json = options.output == ConfigOptions.OutputFormat.json;
        Progress progress = Progress.of(spec, options.output, env.clock());
        {
            try (HubSession session = hub.open(config, refresh.keptReads());
                 SyncLock.Held held = lockSyncs(session)) {
                Plan plan = PlanSteps.plan(session, progress);
                if (saved.isPresent()) {
                    checkStillTheSame(saved.get(), plan);
                    if (!json) {
                        out.println("The saved plan " + savedPlan + " still matches what is read now (fingerprint "
                                + plan.fingerprint().substring(0, 12) + "): applying its " + plan.effectiveChanges().size() + " change(s).");
                    }
                } else if (!json) {
                    PlanOutput.print(plan, options.output, out);
                }
                if (plan.isEmpty()) {
                    if (json) {
                        out.println(ApplyJson.toJson(plan, Optional.empty()).toPrettyString());
                    }
                    return 0;
                }
                if (ask) {
                    confirm(env, plan);
                }
                progress.line("Applying " + plan.effectiveChanges().size() + " change(s)...");
                ApplyResult result = session.apply(plan, new ProgressPrinter(out, !json));
                if (json) {
                    out.println(ApplyJson.toJson(plan, Optional.of(result)).toPrettyString());
                } else {
                    PlanOutput.summary(result, out);
                }
                return result.succeeded() ? 0 : ScephubCommand.EXIT_ERROR;
            }
        }
    }

    /** Plans and applies only while no sync of the state store (by `serve` or another CLI) runs, so both cannot create the same objects. */
    private SyncLock.Held lockSyncs(HubSession session) {
        try {
            return session.lockSyncs(SyncWait.sayWaiting(spec.commandLine().getErr()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError(CliError.NOT_CONFIRMED, "apply stopped while waiting for another sync of the state store; nothing was changed");
        }
    }

    /** The saved plan's configuration; a --config naming another file is a mistake worth stopping for. */
    private Path configFile(HubEnvironment env, Optional<SavedPlan> saved) {
        if (saved.isEmpty()) {
            return options.config;
        }
        Path recorded = saved.get().config();
        boolean explicit = spec.commandLine().getParseResult().hasMatchedOption("--config");
        if (explicit && !env.resolve(options.config).toAbsolutePath().normalize().equals(recorded)) {
            throw CliError.usage("the saved plan " + savedPlan + " was made from " + recorded + ", not " + options.config
                    + "; leave out --config to apply it, or plan again with --config " + options.config);
        }
        return recorded;
    }

    private void checkStillTheSame(SavedPlan saved, Plan now) {
        if (!now.fingerprint().equals(saved.fingerprint())) {
            throw new CliError(CliError.PLAN_STALE, "the saved plan " + savedPlan + " is stale: planning now gives a different plan"
                    + " (saved fingerprint " + saved.fingerprint().substring(0, 12) + ", now " + now.fingerprint().substring(0, 12)
                    + ") because " + saved.config().getFileName() + " or what Okta and the MDMs hold changed since it was saved."
                    + " Nothing was applied; run `scephub plan --out " + savedPlan + "` again and review it.");
        }
    }

    private void confirm(HubEnvironment env, Plan plan) {
        int n = plan.effectiveChanges().size();
        Optional<String> answer = env.terminal().readLine("\nApply these " + n + " change(s) to Okta and the MDMs?\n"
                + "  Only 'yes' will be accepted.\n\n  Enter a value: ");
        if (!answer.map(String::strip).orElse("").equals("yes")) {
            throw new CliError(CliError.NOT_CONFIRMED, "apply cancelled; nothing was changed");
        }
    }
}
