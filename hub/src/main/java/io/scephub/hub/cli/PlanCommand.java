package io.scephub.hub.cli;

import io.scephub.config.ScephubConfig;
import io.scephub.core.plan.Plan;
import io.scephub.hub.Hub;
import io.scephub.hub.HubSession;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code scephub plan}: reads the vendors and shows what apply would change; exit 0 none, 2 some, 1 error. */
@Command(name = "plan", description = {"Read Okta and the MDMs and show what apply would change.",
        "Exit code: 0 nothing to change, 2 changes pending, 1 error."})
public final class PlanCommand implements Callable<Integer> {
    @ParentCommand
    private ScephubCommand root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions options;

    @Mixin
    private RefreshOption refresh;

    @Option(names = "--out", paramLabel = "FILE", description = {"Also save the plan to FILE (no secrets: they are masked as in"
            + " --output json).", "`scephub apply FILE` then applies exactly this plan, and refuses it if planning again gives a different one."})
    private Path out;

    @Override
    public Integer call() {
        Progress progress = Progress.of(spec, options.output, root.env().clock());
        try (Hub hub = root.newHub()) {
            ScephubConfig config = hub.load(options.config);
            try (HubSession session = hub.open(config, refresh.keptReads())) {
                Plan plan = PlanSteps.plan(session, progress);
                PlanOutput.print(plan, options.output, spec.commandLine().getOut());
                if (out != null) {
                    Path file = root.env().resolve(out);
                    SavedPlan.write(file, plan, config.source(), root.env().clock().instant());
                    progress.line("Saved the plan to " + out + ". To apply exactly this plan: scephub apply " + out);
                }
                return plan.isEmpty() ? 0 : ScephubCommand.EXIT_CHANGES;
            }
        }
    }
}
