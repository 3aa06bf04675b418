package io.scephub.hub.cli;

import io.scephub.config.ScephubConfig;
import io.scephub.core.plan.Plan;
import io.scephub.hub.Hub;
import io.scephub.hub.HubSession;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scephub plan}: reads the vendors and shows what apply would change; exit 0 none, 2 some, 1 error. */
@Command(name = "plan", description = {"Read Okta and the MDMs and show what apply would change.",
        "Exit code: 0 nothing to change, 2 changes pending, 1 error."})
public final class PlanCommand extends ConfiguredCommand {
    @Mixin
    private RefreshOption refresh;

    @Mixin
    private TenantOption tenant;

    @Option(names = "--out", paramLabel = "FILE", description = {"Also save the plan to FILE (no secrets: they are masked as in"
            + " --output json).", "`scephub apply FILE` then applies exactly this plan, and refuses it if planning again gives a different one."})
    private Path out;

    @Override
    public Integer call() throws Exception {
        try (Hub hub = root.newHub()) {
            ScephubConfig loaded = hub.load(options.config);
            List<String> tenants = tenant.select(loaded);
            if (out != null && tenants.size() > 1) {
                throw CliError.usage("--out saves one tenant's plan; name it with --tenant (the file has " + tenants.size()
                        + " tenants: " + String.join(", ", tenants) + ")");
            }
            Hub sessions = hub.forTenants(loaded, tenants);
            return PerTenant.sequential(spec.commandLine(), options.output == ConfigOptions.OutputFormat.json, loaded, tenants,
                    config -> plan(sessions, config));
        }
    }

    private int plan(Hub hub, ScephubConfig config) {
        Progress progress = Progress.of(spec, options.output, root.env().clock());
        {
            try (HubSession session = hub.open(config, refresh.keptReads())) {
                Plan plan = PlanSteps.plan(session, progress);
                PlanOutput.print(plan, options.output, spec.commandLine().getOut());
                if (out != null) {
                    Path file = root.env().resolve(out);
                    SavedPlan.write(file, plan, config.source(), root.env().clock().instant(), config.onlyTenant().name());
                    progress.line("Saved the plan to " + out + ". To apply exactly this plan: scephub apply " + out);
                }
                return plan.isEmpty() ? 0 : ScephubCommand.EXIT_CHANGES;
            }
        }
    }
}
