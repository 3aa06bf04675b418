package io.scephub.hub.cli;

import io.scephub.config.ScephubConfig;
import io.scephub.core.apply.ApplyResult;
import io.scephub.core.plan.Plan;
import io.scephub.hub.Hub;
import io.scephub.hub.HubSession;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code scephub apply}: plans, prints the plan, then applies it; exit 0 when everything was applied. */
@Command(name = "apply", description = {"Plan, then make Okta and the MDMs match scephub.yaml.",
        "Safe to re-run: objects carry an ownership marker, so an interrupted apply converges without duplicates.",
        "Exit code: 0 applied (or nothing to do), 1 error or partly applied."})
public final class ApplyCommand implements Callable<Integer> {
    @ParentCommand
    private ScephubCommand root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Hub hub = Hub.create(root.env())) {
            ScephubConfig config = hub.load(options.config);
            try (HubSession session = hub.open(config)) {
                Plan plan = session.plan();
                boolean json = options.output == ConfigOptions.OutputFormat.json;
                if (!json) {
                    PlanOutput.print(plan, options.output, out);
                }
                if (plan.isEmpty()) {
                    if (json) {
                        out.println(ApplyJson.toJson(plan, Optional.empty()).toPrettyString());
                    }
                    return 0;
                }
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
}
