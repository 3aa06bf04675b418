package io.scephub.hub.cli;

import io.scephub.config.ScephubConfig;
import io.scephub.core.plan.Plan;
import io.scephub.hub.Hub;
import io.scephub.hub.HubSession;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

    @Override
    public Integer call() {
        try (Hub hub = Hub.create(root.env())) {
            ScephubConfig config = hub.load(options.config);
            try (HubSession session = hub.open(config)) {
                Plan plan = session.plan();
                PlanOutput.print(plan, options.output, spec.commandLine().getOut());
                return plan.isEmpty() ? 0 : ScephubCommand.EXIT_CHANGES;
            }
        }
    }
}
