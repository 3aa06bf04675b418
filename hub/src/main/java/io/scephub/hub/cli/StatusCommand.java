package io.scephub.hub.cli;

import io.scephub.config.ScephubConfig;
import io.scephub.hub.Hub;
import io.scephub.hub.HubSession;
import io.scephub.hub.devices.DeviceStatusExport;
import io.scephub.hub.devices.DeviceStatusWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code scephub status}: what the MDMs report, device by device. */
@Command(name = "status", description = "What the MDMs report about the enrollments' devices.",
        subcommands = {StatusCommand.Devices.class, CommandLine.HelpCommand.class})
public final class StatusCommand implements Runnable {
    @ParentCommand
    ScephubCommand root;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code scephub status devices}: every device in scope of each enrollment, streamed as the MDMs page it out. */
    @Command(name = "devices", description = {"Print every device in scope of each enrollment (or one): the profile's delivery state",
            "on the device and the certificate it holds (state, expiry, thumbprint, serial, error code), as the MDM reports them.",
            "Rows are printed as the MDM's pages arrive, so any fleet size streams.",
            "Exit code: 0, or 1 on error (a read that fails part way ends the output with the error)."})
    static final class Devices implements Callable<Integer> {
        @ParentCommand
        private StatusCommand parent;

        @Spec
        private CommandSpec spec;

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
            try (Hub hub = parent.root.newHub()) {
                ScephubConfig file = hub.load(config);
                return PerTenant.sequential(spec.commandLine(), format == DeviceStatusWriter.Format.JSON, file, tenant.select(file),
                        loaded -> devices(hub, loaded, format));
            }
        }

        private int devices(Hub hub, ScephubConfig loaded, DeviceStatusWriter.Format format) throws Exception {
            {
                try (HubSession session = hub.open(loaded);
                     DeviceStatusWriter writer = new DeviceStatusWriter(format, spec.commandLine().getOut())) {
                    return DeviceStatusExport.export(session, Optional.ofNullable(enrollment), writer) ? 0 : ScephubCommand.EXIT_ERROR;
                }
            }
        }
    }
}
