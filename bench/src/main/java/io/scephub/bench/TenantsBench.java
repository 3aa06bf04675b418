package io.scephub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 18 item 5: T tenants of 4 enrollments each (one template: Windows and macOS on Intune, macOS on
 * Jamf, Windows on Workspace ONE), each tenant its own sandbox, converge in one {@code sync}; compared
 * with the rate-limit floor of one tenant and with one tenant's sync alone. The sandboxes run in another
 * JVM ({@link TenantSandboxes}) so this JVM's peak heap is the hub's.
 * Usage: {@code TenantsBench [--tenants T] [--okta-per-minute N] [--parallel-syncs P] [--doc FILE]} ({@code P}: the
 * T-tenant file's {@code state.parallelSyncs}, unset by default): with {@code N} above 0 every Okta org also
 * enforces N requests per calendar minute org-wide instead of the published buckets (and announces it in its rate-limit headers), so each tenant's own
 * limit binds and the run shows whether tenants wait on their own limits side by side; run with {@code -Xmx512m} and the JIT and GC flags the launcher
 * gives a one-shot command ({@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData}), which the report names.
 */
public final class TenantsBench {
    static final String BEGIN = "<!-- tenants-bench:begin -->";
    static final String END = "<!-- tenants-bench:end -->";
    /** The run with an org-wide Okta limit per minute that binds ({@code --okta-per-minute}) has a section of its own. */
    static final String BOUND_BEGIN = "<!-- tenants-bench-bound:begin -->";
    static final String BOUND_END = "<!-- tenants-bench-bound:end -->";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Untimed syncs of the T tenants that warm the sandboxes before the timed ones. */
    static final int WARM_UPS = 2;

    private TenantsBench() {
    }

    public static void main(String[] args) throws Exception {
        int tenants = 100;
        int oktaPerMinute = 0;
        String parallelSyncs = "";
        Path doc = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tenants" -> tenants = Integer.parseInt(args[++i]);
                case "--doc" -> doc = Path.of(args[++i]);
                case "--okta-per-minute" -> oktaPerMinute = Integer.parseInt(args[++i]);
                case "--parallel-syncs" -> parallelSyncs = "  parallelSyncs: " + Integer.parseInt(args[++i]) + "\n";
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Machine machine = Machine.describe();
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path work = Files.createTempDirectory("scephub-tenants-bench-");
        Path described = work.resolve("sandboxes.json");
        System.out.printf("tenants bench: %d tenants x 4 enrollments; %d cores, load %.1f, max heap %d MiB; work dir %s%n", tenants,
                machine.cores(), machine.loadAverage(), machine.maxHeapBytes() >> 20, work);
        Process host = new ProcessBuilder("java", "-Xmx8g", "-cp", System.getProperty("java.class.path"),
                TenantSandboxes.class.getName(), String.valueOf(tenants + 1), described.toString(),
                String.valueOf(oktaPerMinute))
                .redirectError(work.resolve("sandboxes.log").toFile()).start();
        BufferedReader fromHost = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter toHost = new PrintWriter(host.getOutputStream(), true, StandardCharsets.UTF_8);
        try {
            long hostStart = System.nanoTime();
            expect(fromHost, "ready");
            System.out.printf("%d sandboxes started in %.0f s%n", tenants + 1, (System.nanoTime() - hostStart) / 1e9);
            JsonNode sandboxes = JSON.readTree(described.toFile());

            // T tenants in one file, one template applied to all of them.
            Path dir = Files.createDirectories(work.resolve("tenants"));
            Path file = dir.resolve("scephub.yaml");
            Map<String, String> env = new HashMap<>();
            StringBuilder yaml = new StringBuilder("version: 1\nstate:\n  dataDir: data\n" + parallelSyncs + "templates:\n  - name: oda\n"
                    + "    applyTo: { all: true }\n    enrollments:\n").append(enrollments("    "));
            yaml.append("tenants:\n");
            for (int t = 1; t <= tenants; t++) {
                String name = "t%03d".formatted(t);
                String prefix = name.toUpperCase(Locale.ROOT) + "_";
                String header = sandboxes.get(t).path("header").asText();
                String sections = header.substring(header.indexOf("okta:")).replace("${env:", "${env:" + prefix);
                yaml.append("  - name: ").append(name).append('\n');
                sections.lines().forEach(line -> yaml.append("    ").append(line).append('\n'));
                sandboxes.get(t).path("env").fields().forEachRemaining(e -> env.put(prefix + e.getKey(), e.getValue().asText()));
            }
            Files.writeString(file, yaml);

            // Untimed: the same T-tenant sync from another JVM (the launcher's one-shot flags), then every sandbox back to
            // its seeded state, WARM_UPS times. The simulators' code is then compiled, as a vendor's servers are warm: a cold
            // sandbox charged its JIT warm-up to the timed syncs (a quarter of its CPU), and the timed hub JVM stays as cold
            // as before. After one warm-up sync (3,600 requests at 100 tenants) C2 still compiled the simulators' request
            // path during the timed sync, a third of the sandbox JVM's CPU there: C2 waits for thousands of calls.
            for (int w = 1; w <= WARM_UPS; w++) {
                Path warmDir = Files.createDirectories(work.resolve("warm-up-" + w));
                Files.writeString(warmDir.resolve("scephub.yaml"), yaml);
                double warmSandboxCpu = cpuSeconds(host);
                long warmStart = System.nanoTime();
                int warmExit = hubProcess(warmDir, env, "sync", "--config", warmDir.resolve("scephub.yaml").toString(), "--output",
                        "json");
                System.out.printf("warm-up %d (untimed, own JVM): %d-tenant sync %.1f s, exit %d, sandbox CPU %.1f s%n", w, tenants,
                        (System.nanoTime() - warmStart) / 1e9, warmExit, cpuSeconds(host) - warmSandboxCpu);
                toHost.println("reset");
                expect(fromHost, "ok");
            }

            // One tenant alone (a file without tenants:, sandbox 0): the reference.
            Path refDir = Files.createDirectories(work.resolve("single"));
            Path ref = refDir.resolve("scephub.yaml");
            Files.writeString(ref, sandboxes.get(0).path("header").asText() + "enrollments:\n" + enrollments("")
                    + "state:\n  dataDir: data\n");
            Map<String, String> refEnv = new HashMap<>();
            sandboxes.get(0).path("env").fields().forEachRemaining(e -> refEnv.put(e.getKey(), e.getValue().asText()));
            createStore(refDir);
            Measured single = measure(new HubCli(refDir, refEnv), ref, host, toHost, fromHost, 0, 1);
            System.out.printf("single tenant: sync %.1f s (exit %d), floor %.1f s (%s); CPU hub %.1f s, sandboxes %.1f s, load %.1f%n",
                    single.wall, single.exit, single.floor, single.binding, single.hubCpu, single.sandboxCpu, Machine.loadNow());

            createStore(dir);
            HubCli cli = new HubCli(dir, env);
            HeapMonitor heap = HeapMonitor.start();
            Measured multi = measure(cli, file, host, toHost, fromHost, 1, tenants);
            HeapMonitor.Peak peak = heap.stop();
            long planStart = System.nanoTime();
            HubCli.Run plan = cli.run("plan", "--config", file.toString(), "--output", "json");
            double planWall = (System.nanoTime() - planStart) / 1e9;
            System.out.printf("%d tenants: sync %.1f s (exit %d, %d tenants failed), slowest tenant's floor %.1f s (%s), peak heap %d MiB;"
                    + " CPU hub %.1f s, sandboxes %.1f s, load %.1f; %d threads started; plan afterwards exit %d%n", tenants, multi.wall,
                    multi.exit, multi.failedTenants, multi.floor, multi.binding, peak.usedBytes() >> 20, multi.hubCpu, multi.sandboxCpu,
                    Machine.loadNow(), multi.threadsStarted, plan.exitCode());
            String section = section(tenants, oktaPerMinute, parallelSyncs.isEmpty() ? "unset (the store's default)"
                    : parallelSyncs.trim(), machine, started, Machine.loadNow(), single, multi, peak, plan.exitCode(),
                    planWall);
            System.out.println(section);
            if (doc != null) {
                String before = Files.readString(doc);
                Files.writeString(doc, oktaPerMinute > 0 ? Report.update(before, section, BOUND_BEGIN, BOUND_END)
                        : Report.update(before, section, BEGIN, END));
                System.out.println("written to " + doc.toAbsolutePath().normalize());
            }
        } finally {
            toHost.println("quit");
            host.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            host.destroyForcibly();
        }
        System.exit(0);
    }

    /**
     * One sync with the journals cleared before; its floor is the highest of the sandboxes {@code first..first+count-1}.
     * CPU seconds are of the whole process: this JVM's (the hub's) and the sandbox host's (serving the requests); on a
     * shared machine they compare better than wall time, which waits for the other users' CPU too.
     */
    private record Measured(double wall, int exit, int failedTenants, double floor, String binding, long requests, long throttled,
                            double hubCpu, double sandboxCpu, long threadsStarted) {
    }

    private static Measured measure(HubCli cli, Path config, Process host, PrintWriter toHost, BufferedReader fromHost, int first,
                                    int count) throws Exception {
        toHost.println("clear");
        expect(fromHost, "ok");
        long startMillis = System.currentTimeMillis();
        double hubCpuBefore = hubCpuSeconds();
        long threadsBefore = java.lang.management.ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
        double sandboxCpuBefore = cpuSeconds(host);
        long start = System.nanoTime();
        HubCli.Run run = cli.run("sync", "--config", config.toString(), "--output", "json");
        double wall = (System.nanoTime() - start) / 1e9;
        // The window, to cut a profile (JFR) of either JVM to this sync.
        System.out.printf("sync of %d tenant(s): %s .. %s%n", count, Instant.ofEpochMilli(startMillis), Instant.now());
        double hubCpu = hubCpuSeconds() - hubCpuBefore;
        long threadsStarted = java.lang.management.ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - threadsBefore;
        double sandboxCpu = cpuSeconds(host) - sandboxCpuBefore;
        toHost.println("floor " + startMillis);
        JsonNode floors = JSON.readTree(fromHost.readLine());
        double floor = 0;
        String binding = "no limit reached";
        long requests = 0;
        long throttled = 0;
        for (int i = first; i < first + count; i++) {
            JsonNode f = floors.get(i);
            requests += f.path("requests").asLong();
            throttled += f.path("throttled").asLong();
            if (f.path("seconds").asDouble() > floor || i == first) {
                floor = f.path("seconds").asDouble();
                binding = f.path("binding").asText();
            }
        }
        int failed = 0;
        JsonNode out = JSON.readTree(run.out());
        for (JsonNode t : out.path("tenants")) {
            failed += t.path("exitCode").asInt() == 0 ? 0 : 1;
        }
        if (run.exitCode() != 0) {
            System.out.println("sync exited " + run.exitCode() + ": " + tail(run.err()) + tail(run.out()));
        }
        return new Measured(wall, run.exitCode(), failed, floor, binding, requests, throttled, hubCpu, sandboxCpu, threadsStarted);
    }

    /**
     * Creates the H2 state store under {@code dir}/data, untimed: a hub syncs against the store it already has (Flyway
     * creates it once, at the first command; after that a sync only checks that its migrations are all there).
     */
    private static void createStore(Path dir) {
        long start = System.nanoTime();
        io.scephub.hub.state.StateStore.open(java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                dir.resolve("data")).close();
        System.out.printf("state store %s created (untimed) in %.1f s%n", dir.resolve("data"), (System.nanoTime() - start) / 1e9);
    }

    /** {@code scephub ARGS} in a JVM of its own, as the launcher starts a one-shot command, in {@code dir} with {@code env}. */
    private static int hubProcess(Path dir, Map<String, String> env, String... args) throws Exception {
        // Started as ./scephub starts a one-shot command (DevicesBench.launch: C1 only, the serial GC, the archive when current).
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("java", "-Xmx512m"));
        command.addAll(DevicesBench.launch());
        command.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().putAll(env);
        return pb.start().waitFor();
    }

    /** How this (the hub's) JVM compiles and collects: the launcher runs one-shot commands with C1 only and the serial GC. */
    private static String jvmMode() {
        java.util.List<String> args = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        boolean c1Only = args.stream().anyMatch(a -> a.startsWith("-XX:TieredStopAtLevel=") && !a.endsWith("=4"));
        String gc = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().get(0).getName();
        return (c1Only ? "C1 JIT only" : "tiered C1+C2 JIT") + ", GC " + gc;
    }

    /** CPU time of this JVM, every thread (the hub's syncs, its pools, GC and JIT). */
    private static double hubCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static double cpuSeconds(Process process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    private static String tail(String text) {
        return text.length() <= 800 ? text : text.substring(text.length() - 800);
    }

    private static void expect(BufferedReader in, String line) throws Exception {
        String got = in.readLine();
        if (!line.equals(got)) {
            throw new IllegalStateException("sandbox host said \"" + got + "\" instead of \"" + line + "\"");
        }
    }

    /** The four enrollments of the demo, indented {@code extra} more (for a template) or as in a single file. */
    private static String enrollments(String extra) {
        StringBuilder sb = new StringBuilder();
        EnrollmentFleet.Kind[] kinds = EnrollmentFleet.Kind.values();
        for (int i = 0; i < kinds.length; i++) {
            EnrollmentFleet.enrollment(kinds[i], i + 1).lines().forEach(l -> sb.append(extra).append(l).append('\n'));
        }
        return sb.toString();
    }

    private static String section(int tenants, int oktaPerMinute, String parallelSyncs, Machine machine, Instant started, double loadAfter, Measured single,
                                  Measured multi, HeapMonitor.Peak peak, int planExit, double planWall) {
        // The T-tenant run against its own floor: the slowest tenant's, from that run's start in the minute (a tenant
        // alone starting then would need as long), not the reference run's, which started elsewhere in its minute.
        double floor = multi.floor;
        boolean bound = oktaPerMinute > 0;
        StringBuilder md = new StringBuilder(bound ? BOUND_BEGIN : BEGIN).append('\n')
                .append("<!-- Written by the bench module (TenantsBench); a new run replaces everything up to the end marker. -->\n\n")
                .append(bound ? "### Latest tenants run with a binding Okta limit (" + oktaPerMinute + " requests per minute per org): "
                        : "### Latest tenants run: ").append(started).append("\n\n")
                .append(bound ? String.format(Locale.ROOT, "Every Okta org of this run enforces %d requests per calendar minute"
                        + " org-wide (instead of Okta's published per-bucket limits) and announces it in `X-Rate-Limit-*` headers, far"
                        + " below a real org's, so that each tenant's own limit binds: the rate-limit floor is then minutes, and the"
                        + " run shows whether 100 tenants wait on their own limits side by side (1.2x) or queue for places.%n%n",
                        oktaPerMinute) : "")
                .append(String.format(Locale.ROOT, "Machine: %d cores (%s), %s, hub JVM max heap %d MiB, %s; load average %.1f at the"
                        + " start, %.1f at the end (the machine is shared). The sandboxes were warmed by %d untimed %d-tenant syncs from"
                        + " another JVM, each followed by a reset to their seeded state; each sync's state store existed (created untimed).%n%n",
                        machine.cores(), machine.cpuModel(), machine.jdk(), machine.maxHeapBytes() >> 20, jvmMode(), machine.loadAverage(),
                        loadAfter, WARM_UPS, tenants))
                .append("| run | wall | exit | requests (429s) | rate-limit floor (binding limit) | CPU: hub JVM | CPU: sandbox JVM |\n"
                        + "|---|---|---|---|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| 1 tenant alone, `sync` | %.1f s | %d | %d (%d) | %.1f s (%s) | %.1f s | %.1f s |%n",
                        single.wall, single.exit, single.requests, single.throttled, single.floor, single.binding, single.hubCpu,
                        single.sandboxCpu))
                .append(String.format(Locale.ROOT, "| %d tenants × 4 enrollments, one `sync` | %.1f s | %d (%d tenants failed) | %d (%d) |"
                        + " %.1f s, the slowest tenant's (%s) | %.1f s | %.1f s |%n%n", tenants, multi.wall, multi.exit, multi.failedTenants,
                        multi.requests, multi.throttled, multi.floor, multi.binding, multi.hubCpu, multi.sandboxCpu))
                .append(String.format(Locale.ROOT, "- %d × 1.2 tenant floor: %s (%.1f s against %.1f s allowed)%n", tenants,
                        floor > 0 ? (multi.wall <= 1.2 * floor ? "**met**" : "**not met**") : "no floor (no limit binds at 4 enrollments)",

                        multi.wall, 1.2 * floor))
                .append("- the tenants' file: `state.parallelSyncs` ").append(parallelSyncs).append('\n')
                .append(String.format(Locale.ROOT, "- against one tenant's sync alone: %.2fx wall; hub CPU %.2fx (%.2f s per tenant)%n",
                        multi.wall / single.wall, multi.hubCpu / single.hubCpu, multi.hubCpu / tenants))
                .append(String.format(Locale.ROOT, "- hub CPU + sandbox CPU of the %d-tenant sync on %d cores: %.1f s, at least %.1f s of"
                        + " wall even on an idle machine%n", tenants, machine.cores(), multi.hubCpu + multi.sandboxCpu,
                        (multi.hubCpu + multi.sandboxCpu) / machine.cores()))
                .append(String.format(Locale.ROOT, "- CPU per request of the %d-tenant sync: hub %.2f ms, sandboxes %.2f ms; its wall is %.2fx"
                        + " that CPU floor (1.00x: the tenants kept both cores busy, nothing waited)%n", tenants,
                        1000 * multi.hubCpu / multi.requests, 1000 * multi.sandboxCpu / multi.requests,
                        multi.wall / ((multi.hubCpu + multi.sandboxCpu) / machine.cores())))
                .append(String.format(Locale.ROOT, "- the hub alone (its vendors elsewhere, as real ones are): %.1f s of CPU on %d cores is at"
                        + " least %.1f s of wall, %.2fx one tenant's sync alone%n", multi.hubCpu, machine.cores(),
                        multi.hubCpu / machine.cores(), multi.hubCpu / machine.cores() / single.wall))
                .append(String.format(Locale.ROOT, "- peak heap of the hub JVM: %d MiB (%s 512 MiB); threads it started during the"
                        + " sync: %d (tenants, vendor calls, the sessions' workers)%n", peak.usedBytes() >> 20,
                        peak.usedBytes() < (512L << 20) ? "under" : "**over**", multi.threadsStarted))
                .append("- `plan` of all tenants right after: exit ").append(planExit).append(planExit == 0 ? " (converged)" : "")
                .append(String.format(Locale.ROOT, " in %.1f s (one state store for all tenants)", planWall))
                .append("\n\n").append(bound ? BOUND_END : END);
        return md.toString();
    }
}
