package io.scephub.hub.cli;

import io.scephub.config.ScephubConfig;
import io.scephub.hub.Hub;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.HubRuntime;
import io.scephub.hub.state.StateStore;
import io.scephub.hub.state.SyncLock;
import io.scephub.hub.sync.SyncRequest;
import io.scephub.hub.sync.SyncRun;
import io.scephub.hub.sync.SyncRunJson;
import io.scephub.hub.sync.SyncLiveness;
import io.scephub.hub.sync.SyncRunner;
import io.scephub.hub.sync.SyncRuns;
import io.scephub.hub.sync.SyncTrigger;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scephub sync}: one reconcile (plan, then apply unless a dry run), recorded as a sync run. */
@Command(name = "sync", exitCodeOnInvalidInput = ScephubCommand.EXIT_ERROR,
        description = {"Plan, then apply (unless --dry-run), and record the run in the state store's sync_runs table",
                "(what `serve` does on schedule.sync and on POST /api/v1/syncs).",
                "--enrollment limits the run to the resources named after those enrollments and what they depend on.",
                "sync.driftMode / enrollments[].driftMode report or alert: plan only, the run ends drifted or in-sync.",
                "Exit code: 0 succeeded or in-sync, 2 drifted (report/alert mode: nothing was changed), 1 failed or partly applied."})
public final class SyncCommand extends ConfiguredCommand {
    @Mixin
    private RefreshOption refresh;

    @Mixin
    private TenantOption tenant;

    @Option(names = "--dry-run", description = "Plan and record the run, apply nothing.")
    private boolean dryRun;

    @Option(names = "--enrollment", paramLabel = "NAME", arity = "1..*",
            description = "Only this enrollment's resources (repeatable; default: every enrollment).")
    private List<String> enrollments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        HubEnvironment env = root.env();
        SyncRequest request;
        try {
            request = new SyncRequest(SyncTrigger.CLI, "cli:" + env.env().getOrDefault("USER", "unknown"), Optional.empty(), dryRun,
                    enrollments);
        } catch (IllegalArgumentException e) {
            throw CliError.usage("--enrollment: " + e.getMessage());
        }
        try (Hub hub = root.newHub()) {
            ScephubConfig config = hub.load(options.config);
            List<String> tenants = tenant.select(config);
            try (HubRuntime runtime = hub.runtime(config)) {
                StateStore store = runtime.store();
                // Tenants sync at once: each has its own connectors (so its own rate-limit buckets) and its own lock.
                int code = PerTenant.parallel(spec.commandLine(), options.output == ConfigOptions.OutputFormat.json, config, tenants,
                        (one, out, err) -> {
                            String name = one.onlyTenant().name();
                            SyncRunner runner = new SyncRunner(runtime.hub(), options.config,
                                    new SyncRuns(store.dataSource(), env.clock(), name), refresh.keptReads(), store.syncLock(),
                                    SyncLock.partitionOf(name), SyncLiveness.from(env.env())).withConfig(config);
                            return report(runner.runNow(request, SyncWait.sayWaiting(err)), out);
                        });
                if (io.scephub.hub.expiry.ExpiryAlerts.wanted(config)) {
                    // Without serve, sync is what runs regularly: it raises the expiry notices due today (once a day per
                    // credential and webhook across every instance); a failure is logged, the sync's result stands.
                    new io.scephub.hub.expiry.ExpiryMonitor(runtime.hub(), options.config, Optional.empty(),
                            new io.scephub.hub.notify.NotificationLog(store.dataSource(), env.clock()),
                            io.scephub.hub.notify.DeliveryPolicy.DEFAULT, env.clock()).run();
                }
                return code;
            }
        }
    }

    private int report(SyncRun run, PrintWriter out) {
        {
            {
                if (options.output == ConfigOptions.OutputFormat.json) {
                    out.println(SyncRunJson.of(run).toPrettyString());
                } else {
                    out.println("sync " + run.id() + ": " + run.status().value() + (run.dryRun() ? " (dry run, nothing applied)" : ""));
                    out.println("  plan: " + counts(run.plan().toString()));
                    if (!run.outcomes().isEmpty()) {
                        out.println("  outcomes: " + counts(run.outcomes().toString()));
                    }
                    run.error().ifPresent(e -> out.println("  error: " + e));
                }
                return switch (run.status()) {
                    case SUCCEEDED, IN_SYNC -> 0;
                    case DRIFTED -> ScephubCommand.EXIT_CHANGES;
                    default -> ScephubCommand.EXIT_ERROR;
                };
            }
        }
    }

    private static String counts(String map) {
        return map.equals("{}") ? "nothing read" : map.substring(1, map.length() - 1);
    }
}
