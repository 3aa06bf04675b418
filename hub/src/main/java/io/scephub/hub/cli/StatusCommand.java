package io.scephub.hub.cli;

import io.scephub.config.ScephubConfig;
import io.scephub.hub.ConnectorNeeds;
import io.scephub.hub.Hub;
import io.scephub.hub.HubRuntime;
import io.scephub.hub.HubSession;
import io.scephub.hub.notify.Delivery;
import io.scephub.hub.notify.DeliveryJson;
import io.scephub.hub.notify.NotificationLog;
import java.io.PrintWriter;
import java.util.List;
import io.scephub.hub.devices.DeviceStatusExport;
import io.scephub.hub.devices.DeviceStatusWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scephub status}: what the MDMs report, device by device, and what became of the notifications. */
@Command(name = "status", description = "What the MDMs report about the enrollments' devices; the notifications sent and their outcome.",
        subcommands = {StatusCommand.Devices.class, StatusCommand.Notifications.class, CommandLine.HelpCommand.class})
public final class StatusCommand extends CommandGroup {
    /** {@code scephub status devices}: every device in scope of each enrollment, streamed as the MDMs page it out. */
    @Command(name = "devices", description = {"Print every device in scope of each enrollment (or one): the profile's delivery state",
            "on the device and the certificate it holds (state, expiry, thumbprint, serial, error code), as the MDM reports them.",
            "Rows are printed as the MDM's pages arrive, so any fleet size streams.",
            "Exit code: 0, or 1 on error (a read that fails part way ends the output with the error)."})
    static final class Devices extends Subcommand {
        @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "scephub.yaml",
                description = "The desired-state file (default: ${DEFAULT-VALUE}).")
        private Path config;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
                description = "text, json or csv (default: ${DEFAULT-VALUE}).")
        private String output;

        @Option(names = {"-e", "--enrollment"}, paramLabel = "NAME", description = "Only this enrollment's devices.")
        private String enrollment;

        @picocli.CommandLine.Mixin
        private TenantOption tenant;

        @Override
        public Integer call() throws Exception {
            DeviceStatusWriter.Format format = DeviceStatusWriter.Format.named(output).orElseThrow(() ->
                    new CommandLine.ParameterException(spec.commandLine(), "--output \"" + output.toLowerCase(Locale.ROOT)
                            + "\" is not one of text, json, csv"));
            try (Hub hub = root().newHub()) {
                ScephubConfig file = hub.load(config);
                return PerTenant.sequential(spec.commandLine(), format == DeviceStatusWriter.Format.JSON, file, tenant.select(file),
                        loaded -> devices(hub, loaded, format));
            }
        }

        private int devices(Hub hub, ScephubConfig loaded, DeviceStatusWriter.Format format) throws Exception {
            {
                try (HubSession session = hub.open(loaded, ConnectorNeeds.deviceReads(Optional.ofNullable(enrollment)));
                     DeviceStatusWriter writer = new DeviceStatusWriter(format, spec.commandLine().getOut())) {
                    return DeviceStatusExport.export(session, Optional.ofNullable(enrollment), writer) ? 0 : ScephubCommand.EXIT_ERROR;
                }
            }
        }
    }

    /** {@code scephub status notifications}: the newest notifications from the state store and how their delivery ended. */
    @Command(name = "notifications", description = {"Print the newest notifications (drift, sync-failed, expiry) per webhook target",
            "with their delivery outcome (pending, delivered, failed), attempts, last HTTP status and error, from the state store.",
            "Exit code: 0, 3 when a listed notification failed, 1 on error."})
    static final class Notifications extends Subcommand {
        @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "scephub.yaml",
                description = "The desired-state file (default: ${DEFAULT-VALUE}).")
        private Path config;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
        private String output;

        @Option(names = "--status", paramLabel = "STATUS", description = "Only pending, delivered or failed ones.")
        private String status;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N, newest first (1-1000; default: ${DEFAULT-VALUE}).")
        private int limit;

        @Override
        public Integer call() {
            if (!output.equals("text") && !output.equals("json")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--output \"" + output + "\" is not one of text, json");
            }
            if (limit < 1 || limit > 1000) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--limit " + limit + " is out of range; expected 1 to 1000");
            }
            Optional<Delivery.Status> wanted = Optional.ofNullable(status).map(s -> java.util.Arrays.stream(Delivery.Status.values())
                    .filter(v -> v.value().equals(s)).findFirst().orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                            "--status \"" + s + "\" is not one of pending, delivered, failed")));
            try (Hub hub = root().newHub()) {
                ScephubConfig loaded = hub.load(config);
                try (HubRuntime runtime = hub.runtime(loaded)) {
                    List<Delivery> deliveries = new NotificationLog(runtime.store().dataSource(), root().env().clock())
                            .recent(limit, wanted);
                    PrintWriter out = spec.commandLine().getOut();
                    if (output.equals("json")) {
                        out.println(DeliveryJson.list(deliveries).toPrettyString());
                    } else if (deliveries.isEmpty()) {
                        out.println("no notifications recorded" + (loaded.alerting().notifications().isEmpty()
                                ? " (scephub.yaml has no notifications: section)" : ""));
                    } else {
                        deliveries.forEach(d -> out.println(DeliveryJson.line(d)));
                    }
                    return deliveries.stream().anyMatch(d -> d.status() == Delivery.Status.FAILED) ? CertCheckCommand.EXIT_CHECK_FAILED : 0;
                }
            }
        }
    }
}
