package io.scephub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code BenchMain devices [--devices N] [--mdms intune,jamf,workspaceone] [--commands status,forecast] [--child-heap 512m]
 * [--child-opts "JVM OPTIONS"] [--baseline OTHER/hub/target/scephub.jar [--pairs N]] [--doc FILE | --no-doc]}:
 * the per-device status and renewal forecast benchmark (issue 16 item 5). {@code --baseline} also runs each command
 * {@code N} times (default 3) from another build's jar and from this one, alternating, against the same warm sandbox.
 */
final class DevicesBenchMain {
    private DevicesBenchMain() {
    }

    static void main(String[] args) throws Exception {
        int devices = 100_000;
        List<String> mdms = DevicesBench.MDMS;
        String childHeap = "512m";
        List<String> childOpts = List.of();
        List<String> commands = List.of("status", "forecast");
        Optional<Path> doc = Optional.empty();
        Optional<Path> baseline = Optional.empty();
        int pairs = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--devices" -> devices = Integer.parseInt(value(args, ++i).replace("_", "").replace(",", ""));
                case "--mdms" -> mdms = List.of(value(args, ++i).split(","));
                case "--child-heap" -> childHeap = value(args, ++i);
                case "--child-opts" -> childOpts = List.of(value(args, ++i).trim().split("\\s+"));
                case "--commands" -> commands = List.of(value(args, ++i).split(","));
                case "--doc" -> doc = Optional.of(Path.of(value(args, ++i)));
                case "--no-doc" -> doc = Optional.empty();
                case "--baseline" -> baseline = Optional.of(Path.of(value(args, ++i)).toAbsolutePath().normalize());
                case "--pairs" -> pairs = Integer.parseInt(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown argument \"" + args[i] + "\"; expected --devices, --mdms,"
                        + " --commands, --child-heap, --child-opts, --baseline, --pairs, --doc or --no-doc");
            }
        }
        for (String mdm : mdms) {
            if (!DevicesBench.MDMS.contains(mdm)) {
                throw new IllegalArgumentException("--mdms: \"" + mdm + "\" is not one of " + String.join(", ", DevicesBench.MDMS));
            }
        }
        for (String command : commands) {
            if (!DevicesBench.COMMANDS.containsKey(command)) {
                throw new IllegalArgumentException("--commands: \"" + command + "\" is not one of status, forecast");
            }
        }
        if (baseline.isPresent() && !Files.isRegularFile(baseline.get())) {
            throw new IllegalArgumentException("--baseline: " + baseline.get() + " is not a file; expected another build's"
                    + " hub/target/scephub.jar");
        }
        if (pairs < 1) {
            throw new IllegalArgumentException("--pairs: " + pairs + " is not a positive number");
        }
        Machine machine = Machine.describe();
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path work = Files.createTempDirectory("scephub-bench-devices-");
        System.out.printf("devices bench: %,d devices per MDM %s, commands with -Xmx%s; load %.2f; work dir %s%n", devices, mdms,
                childHeap, machine.loadAverage(), work);
        List<DevicesBench.Run> runs = new ArrayList<>(new DevicesBench(devices, childHeap, childOpts, commands, baseline, pairs).run(mdms, work));
        String section = DevicesReport.section(machine, started, Machine.loadNow(), devices, childHeap, runs);
        System.out.println();
        System.out.println(section);
        if (doc.isPresent()) {
            String before = Files.exists(doc.get()) ? Files.readString(doc.get()) : "# Benchmarks\n";
            Files.writeString(doc.get(), DevicesReport.update(before, section));
            System.out.println("written to " + doc.get().toAbsolutePath().normalize());
        }
        System.exit(0);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
