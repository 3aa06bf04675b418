package io.scephub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.sandbox.RecordedRequest;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxConfigFile;
import io.scephub.sandbox.SandboxOptions;
import io.scephub.sandbox.Vendor;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 16 item 5: {@code status devices} and {@code renewal forecast} over a fleet of N devices per MDM. The
 * sandbox runs in this JVM; each command runs as its own JVM with {@code -Xmx512m} and a GC log (its peak heap),
 * with the JVM options {@code ./scephub} uses, its output going to a file that is checked afterwards (every device exactly once).
 * The floor of each run is the longer of two: the published rate limits the connectors use, applied to the requests
 * the run made (only Graph publishes one), and a bare client fetching exactly the same pages from the same sandbox,
 * as many at once as the connector does, without parsing them (what the vendor's paging itself costs here). Both are
 * timed after an untimed run of each, so the simulator they meet is warm, as a vendor's servers are.
 */
final class DevicesBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    /** The MDMs measured, with the enrollment each one's config holds. */
    static final List<String> MDMS = List.of("intune", "jamf", "workspaceone");

    /** One command over one MDM's fleet. */
    record Run(String mdm, String command, int devices, int exitCode, double wallSeconds, long rows, long uniqueDevices,
               long expectedDevices, long requests, long pages, double limitFloorSeconds, String limitBinding,
               double replaySeconds, long peakHeapBytes, long peakLiveBytes, long maxHeapBytes, long gcs, String note,
               double commandCpuSeconds, double sandboxCpuSeconds, double replayCpuSeconds, double loadAtStart) {
        double floorSeconds() {
            return Math.max(limitFloorSeconds, replaySeconds);
        }

        double ratio() {
            return floorSeconds() > 0 ? wallSeconds / floorSeconds() : Double.NaN;
        }

        /**
         * CPU spent on the command's read (its own process plus the sandbox serving it) over the CPU of the bare paging
         * (the bare client plus the sandbox serving it): the work scephub adds, which, unlike wall time, the other
         * processes on a shared machine hardly change.
         */
        double cpuRatio() {
            return replayCpuSeconds > 0 ? (commandCpuSeconds + sandboxCpuSeconds) / replayCpuSeconds : Double.NaN;
        }
    }

    /** The commands measured, as {@code --commands} names them. */
    static final Map<String, String> COMMANDS = Map.of("status", "status devices", "forecast", "renewal forecast");

    private final int devices;
    private final String childHeap;
    /** Extra options for each command's JVM, e.g. a flight recording to see where its time goes. */
    private final List<String> childOpts;
    private final List<String> commands;
    /** Another build's hub jar: each command also runs from it and from this build in turn ({@link #pairs}). */
    private final Optional<Path> baseline;
    private final int pairs;

    DevicesBench(int devices, String childHeap, List<String> childOpts, List<String> commands) {
        this(devices, childHeap, childOpts, commands, Optional.empty(), 0);
    }

    DevicesBench(int devices, String childHeap, List<String> childOpts, List<String> commands, Optional<Path> baseline, int pairs) {
        this.devices = devices;
        this.childHeap = childHeap;
        this.childOpts = List.copyOf(childOpts);
        this.commands = List.copyOf(commands);
        this.baseline = baseline;
        this.pairs = pairs;
    }

    List<Run> run(List<String> mdms, Path work) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(work.resolve("devices-" + devices));
        List<Run> out = new ArrayList<>();
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
            Map<String, String> env = EnrollmentFleet.credentials(sandbox);
            HubCli cli = new HubCli(dir, env);
            // Jamf and Workspace ONE devices install a profile when it is created, so they enrol before the apply.
            if (mdms.contains("jamf")) {
                sandbox.jamf().addComputers("MAC-FLEET", devices, 1);
            }
            if (mdms.contains("workspaceone")) {
                sandbox.workspaceOne().addDevices("ws1-fleet", devices, List.of("ODA Windows WS1"));
            }
            // One apply of every enrollment (a config without an MDM's enrollments would delete what scephub owns there);
            // each command then reads with a config that holds only its MDM's enrollment.
            StringBuilder all = new StringBuilder(EnrollmentFleet.header(sandbox)).append("enrollments:\n");
            for (String mdm : mdms) {
                all.append(enrollment(mdm));
                Files.writeString(dir.resolve(mdm + ".yaml"), yaml(sandbox, mdm));
            }
            Path config = dir.resolve("all.yaml");
            Files.writeString(config, all.append("state:\n  dataDir: data\n").toString());
            System.out.printf("  apply %s ...%n", config);
            HubCli.Run apply = cli.run(cli.applyArgs(config));
            if (apply.exitCode() != 0) {
                throw new IllegalStateException("apply of " + config + " exited " + apply.exitCode() + ": " + apply.err());
            }
            if (mdms.contains("intune")) {
                seedIntune(sandbox);
            }
            for (String mdm : mdms) {
                for (String command : commands.stream().map(COMMANDS::get).toList()) {
                    System.out.printf("  %s over %,d %s devices ...%n", command, devices, mdm);
                    Run run = measure(sandbox, dir, mdm, command, env);
                    System.out.printf("    %.1f s, floor %.1f s (limits %.1f s: %s; bare paging %.1f s), ratio %.2f (CPU %.1f + %.1f s"
                                    + " against %.1f s: %.2f), %,d requests,"
                                    + " rows %,d unique %,d expected %,d, peak heap %d MiB (live %d MiB) of %d MiB%s%n",
                            run.wallSeconds(), run.floorSeconds(), run.limitFloorSeconds(), run.limitBinding(), run.replaySeconds(),
                            run.ratio(), run.commandCpuSeconds(), run.sandboxCpuSeconds(), run.replayCpuSeconds(), run.cpuRatio(),
                            run.requests(), run.rows(), run.uniqueDevices(), run.expectedDevices(),
                            run.peakHeapBytes() >> 20, run.peakLiveBytes() >> 20, run.maxHeapBytes() >> 20,
                            run.note().isEmpty() ? "" : "; " + run.note());
                    out.add(run);
                }
            }
        }
        return out;
    }

    /** Every device of the Windows SCEP profile holds a certificate; expiries spread over the next year, in waves. */
    private void seedIntune(Sandbox sandbox) {
        String profileId = null;
        for (JsonNode profile : sandbox.graph().deviceConfigurations()) {
            if (profile.path("@odata.type").asText().endsWith("windows81SCEPCertificateProfile")) {
                profileId = profile.path("id").asText();
            }
        }
        if (profileId == null) {
            throw new IllegalStateException("the apply created no Windows SCEP profile at the sandbox's Graph");
        }
        Instant now = Instant.now();
        for (int i = 0; i < devices; i++) {
            Instant issued = now.minus(Duration.ofDays(i % 360)).minus(Duration.ofMinutes(i % 1440));
            sandbox.graph().addDeviceCertificate(profileId, String.format(Locale.ROOT, "WIN-FLEET-%06d", i + 1), issued,
                    issued.plus(Duration.ofDays(365)));
        }
    }

    /** One run of a command's JVM: its wall time and the sandbox's CPU meanwhile, with the requests the sandbox answered. */
    private record Launched(int exitCode, double wallSeconds, double sandboxCpuSeconds, List<RecordedRequest> journal) {
    }

    private Run measure(Sandbox sandbox, Path dir, String mdm, String command, Map<String, String> env)
            throws IOException, InterruptedException {
        String slug = mdm + "-" + command.replace(' ', '-');
        Vendor vendor = vendor(mdm);
        // Warm-up, untimed: the command once and the bare replay of its GETs once. The simulators' code is then compiled
        // (a vendor's servers are warm; the simulator's JIT warm-up is no cost of scephub's) and so is the bare client's,
        // so the timed command and the timed replay below both meet a warm sandbox. Each command is a new JVM either way.
        Launched warm = launch(sandbox, dir, mdm, command, env, slug + "-warmup", launch());
        long warmReplayCpuBefore = processCpuNanos();
        double warmReplay = warm.exitCode() == 0 ? replay(sandbox, vendor, command, own(vendor, warm.journal())) : Double.NaN;
        System.out.printf("    warm-up (untimed): %.1f s, sandbox CPU %.1f s; bare paging %.1f s, CPU %.1f s%n", warm.wallSeconds(),
                warm.sandboxCpuSeconds(), warmReplay, (processCpuNanos() - warmReplayCpuBefore) / 1e9);
        Path output = dir.resolve(slug + (command.startsWith("status") ? ".csv" : ".json"));
        Path gcLog = dir.resolve(slug + "-gc.log");
        Path err = dir.resolve(slug + ".err");
        Path times = dir.resolve(slug + "-time.txt");
        double load = Machine.loadNow();
        Launched timed = launch(sandbox, dir, mdm, command, env, slug, launch());
        int exit = timed.exitCode();
        double wall = timed.wallSeconds();
        double sandboxCpu = timed.sandboxCpuSeconds();
        List<RecordedRequest> own = own(vendor, timed.journal());
        long pages = own.stream().filter(r -> r.method().equals("GET")).count();
        RateLimitFloor limits = new RateLimitFloor();
        if (vendor == Vendor.GRAPH) {
            SandboxOptions o = sandbox.options();
            limits.addSliding("Graph requests", own.stream().filter(r -> r.vendor() == Vendor.GRAPH).count(), o.graphRequestsPer20s(), 20);
        }
        long replayCpuBefore = processCpuNanos();
        double replay = replay(sandbox, vendor, command, own);
        double replayCpu = (processCpuNanos() - replayCpuBefore) / 1e9;
        double commandCpu = commandCpu(times);
        Set<String> ids = new HashSet<>();
        long rows = 0;
        long expected = devices + 2L;
        String note = exit == 0 ? "" : "exit " + exit + ": " + firstLine(err);
        if (command.startsWith("status")) {
            try (BufferedReader in = Files.newBufferedReader(output)) {
                in.readLine();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("#") || line.isBlank()) {
                        continue;
                    }
                    String[] cells = line.split(",", 4);
                    rows++;
                    ids.add(cells.length > 2 ? cells[2] : line);
                }
            }
        } else if (Files.size(output) > 0) {
            // The forecast is per wave: the devices it counted, summed (each device is in exactly one wave).
            JsonNode forecast = JSON.readTree(output.toFile());
            for (JsonNode wave : forecast.path("waves")) {
                rows += wave.path("devices").asLong();
            }
            expected = -1;
            note = note.isEmpty() ? forecast.path("waves").size() + " waves" : note;
        }
        long[] heap = peakHeap(gcLog);
        if (baseline.isPresent()) {
            compare(sandbox, dir, mdm, command, env, slug);
        }
        return new Run(mdm, command, devices, exit, wall, rows, command.startsWith("status") ? ids.size() : -1, expected,
                own.size(), pages, limits.seconds(), limits.binding(), replay, heap[0], heap[1], heap[2], heap[3], note,
                commandCpu, sandboxCpu, replayCpu, load);
    }

    /**
     * Runs {@code command} over {@code mdm}'s config in its own JVM as {@code ./scephub} would ({@link #launch()}), under
     * {@code /usr/bin/time} for its CPU, its output, GC log and errors in files named after {@code run}.
     */
    private Launched launch(Sandbox sandbox, Path dir, String mdm, String command, Map<String, String> env, String run,
                            List<String> launch) throws IOException, InterruptedException {
        Path output = dir.resolve(run + (command.startsWith("status") ? ".csv" : ".json"));
        // /usr/bin/time reports the command's CPU (user + system), which the machine's load hardly changes.
        List<String> args = new ArrayList<>(List.of("/usr/bin/time", "-o", dir.resolve(run + "-time.txt").toString(), "-f", "%e %U %S",
                java(), "-Xmx" + childHeap, "-Xlog:gc:file=" + dir.resolve(run + "-gc.log"), "-Xlog:jfr+startup=off"));
        // --child-opts go after the launcher's own JVM flags, so one of them (e.g. -XX:TieredStopAtLevel=4) overrides it.
        int main = launch.contains("-jar") ? launch.indexOf("-jar") : launch.indexOf("-cp");
        args.addAll(launch.subList(0, main));
        childOpts.forEach(o -> args.add(o.replace("{run}", run)));
        args.addAll(launch.subList(main, launch.size()));
        args.addAll(List.of(command.split(" ")));
        args.addAll(command.startsWith("status") ? List.of("--output", "csv") : List.of("--output", "json"));
        args.addAll(List.of("--config", dir.resolve(mdm + ".yaml").toString()));
        ProcessBuilder builder = new ProcessBuilder(args).directory(dir.toFile())
                .redirectOutput(output.toFile()).redirectError(dir.resolve(run + ".err").toFile());
        builder.environment().putAll(env);
        sandbox.requests().clear();
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        Process process = builder.start();
        boolean done = process.waitFor(60, TimeUnit.MINUTES);
        double wall = (System.nanoTime() - start) / 1e9;
        double sandboxCpu = (processCpuNanos() - cpuBefore) / 1e9;
        if (!done) {
            process.destroyForcibly();
        }
        List<RecordedRequest> journal = sandbox.requests().all();
        sandbox.requests().clear();
        return new Launched(done ? process.exitValue() : -1, wall, sandboxCpu, journal);
    }

    /**
     * {@link #pairs} runs of the command from the baseline's jar and from this build's, alternating (baseline first), against
     * the sandbox the timed run just met: the two builds see the same simulator and, pair by pair, nearly the same load.
     * Prints each pair's wall and CPU time and the medians' ratios (this build over the baseline).
     */
    private void compare(Sandbox sandbox, Path dir, String mdm, String command, Map<String, String> env, String slug)
            throws IOException, InterruptedException {
        List<double[]> base = new ArrayList<>();
        List<double[]> mine = new ArrayList<>();
        double loadBefore = Machine.loadNow();
        for (int i = 1; i <= pairs; i++) {
            for (boolean isBase : List.of(true, false)) {
                String run = slug + (isBase ? "-baseline-" : "-this-") + i;
                Launched l = launch(sandbox, dir, mdm, command, env, run, isBase ? launch(baseline.orElseThrow()) : launch());
                double cpu = commandCpu(dir.resolve(run + "-time.txt"));
                (isBase ? base : mine).add(new double[] {l.wallSeconds(), cpu, l.exitCode()});
            }
            double[] b = base.get(i - 1);
            double[] m = mine.get(i - 1);
            System.out.printf("    pair %d: baseline %.2f s wall, %.2f s CPU%s; this build %.2f s wall, %.2f s CPU%s%n", i, b[0], b[1],
                    b[2] == 0 ? "" : " (exit " + (int) b[2] + ")", m[0], m[1], m[2] == 0 ? "" : " (exit " + (int) m[2] + ")");
        }
        double bw = median(base, 0);
        double mw = median(mine, 0);
        double bc = median(base, 1);
        double mc = median(mine, 1);
        System.out.printf("    paired (%d, load %.1f to %.1f): median wall %.2f -> %.2f s (%.2fx), median CPU %.2f -> %.2f s (%.2fx)%n",
                pairs, loadBefore, Machine.loadNow(), bw, mw, mw / bw, bc, mc, mc / bc);
    }

    private static double median(List<double[]> runs, int column) {
        double[] values = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    /** The requests of {@code journal} that went to {@code vendor} (its token endpoint included). */
    private static List<RecordedRequest> own(Vendor vendor, List<RecordedRequest> journal) {
        return journal.stream().filter(r -> vendor.covers(r.vendor())).toList();
    }

    /** Seconds a bare client needs to GET exactly these requests again, reading but not parsing them. */
    private double replay(Sandbox sandbox, Vendor vendor, String command, List<RecordedRequest> requests) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        String origin;
        List<String[]> headers = new ArrayList<>();
        SandboxOptions o = sandbox.options();
        switch (vendor) {
            case GRAPH -> {
                origin = sandbox.authorityHost();
                headers.add(new String[] {"Authorization", "Bearer " + sandbox.graph().issueAccessToken()});
            }
            case JAMF -> {
                origin = sandbox.jamfBaseUrl();
                headers.add(new String[] {"Authorization", "Bearer " + token(http, origin + "/api/oauth/token", o.jamfClientId(),
                        o.jamfClientSecret())});
                headers.add(new String[] {"Accept", "application/json"});
            }
            case WORKSPACEONE -> {
                origin = sandbox.workspaceOneBaseUrl();
                headers.add(new String[] {"Authorization", "Bearer " + token(http, sandbox.workspaceOneTokenUrl(),
                        o.workspaceOne().clientId(), o.workspaceOne().clientSecret())});
                headers.add(new String[] {"aw-tenant-code", o.workspaceOne().apiKey()});
                headers.add(new String[] {"Accept", "application/json;version=1"});
            }
            default -> throw new IllegalArgumentException("no replay for " + vendor);
        }
        List<HttpRequest> gets = new ArrayList<>();
        for (RecordedRequest r : requests) {
            if (!r.method().equals("GET")) {
                continue;
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + r.path() + (r.query().isEmpty() ? "" : "?" + r.query())))
                    .timeout(Duration.ofSeconds(60)).GET();
            headers.forEach(h -> b.header(h[0], h[1]));
            gets.add(b.build());
        }
        // As many at once as the connector reads (within the vendor's published guidance): the floor is then what the
        // same concurrency costs without scephub's work, not a single connection scephub's parallel reads would beat.
        ExecutorService pool = Executors.newFixedThreadPool(concurrency(vendor, command));
        try {
            long start = System.nanoTime();
            List<Future<?>> sent = new ArrayList<>();
            for (HttpRequest get : gets) {
                sent.add(pool.submit(() -> http.send(get, HttpResponse.BodyHandlers.discarding())));
            }
            for (Future<?> f : sent) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IOException("bare replay of " + vendor + " failed: " + e.getCause(), e.getCause());
                }
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * How many requests each connector's read has in flight: Intune reads each list one page ahead ({@code GraphPager}: the
     * next page is asked for while this one is parsed, so two per list), {@code status devices} its two lists side by side
     * ({@code IntuneDeviceStatus}), its forecast one; Jamf's inventory pages 3 at a time ({@code JamfInventory}); Workspace
     * ONE's devices 4 at a time ({@code WorkspaceOneDeviceStatus}).
     */
    static int concurrency(Vendor vendor, String command) {
        return switch (vendor) {
            case GRAPH -> command.startsWith("status") ? 4 : 2;
            case JAMF -> 3;
            case WORKSPACEONE -> 4;
            default -> 1;
        };
    }

    private static String token(HttpClient http, String url, String clientId, String secret) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body()).path("access_token").asText();
    }

    /**
     * The rest of the command line as {@code ./scephub} runs {@code status} and {@code renewal}: the hub's jar with the
     * class-data sharing archive trained on them ({@code scephub-reads.jsa}, else {@code scephub.jsa}; one newer than
     * the jar), C1 only, the serial collector and transparent huge pages where the kernel offers them. Without the
     * hub's jar on this class path (an IDE run), the main class from this class path.
     */
    static List<String> launch() {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (jar.endsWith(Path.of("hub", "target", "scephub.jar")) && Files.isRegularFile(jar)) {
                return launch(jar);
            }
        }
        return List.of("-cp", System.getProperty("java.class.path"), "io.scephub.hub.Main");
    }

    /** As {@link #launch()}, for the hub jar {@code jar} (with the archives beside it). */
    static List<String> launch(Path jar) {
        List<String> args = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData"));
        if (transparentHugePages()) {
            args.add("-XX:+UseTransparentHugePages");
        }
        // status and renewal get the archive trained on them when there is a current one, as in ./scephub.
        for (String name : List.of("scephub-reads.jsa", "scephub.jsa")) {
            Path jsa = jar.resolveSibling(name);
            if (newer(jsa, jar)) {
                args.addAll(List.of("-XX:SharedArchiveFile=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
                break;
            }
        }
        args.addAll(List.of("-jar", jar.toString()));
        return args;
    }

    /**
     * Whether the kernel gives transparent huge pages on request ({@code [always]} or {@code [madvise]}), when
     * {@code ./scephub} adds {@code -XX:+UseTransparentHugePages} to a one-shot command.
     */
    static boolean transparentHugePages() {
        try {
            String mode = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
            return mode.contains("[always]") || mode.contains("[madvise]");
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code file} exists and is newer than {@code than} (an archive older than the jar does not match it). */
    private static boolean newer(Path file, Path than) {
        try {
            return Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(than)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** This JVM's CPU time (all threads: the sandbox and, during a replay, the bare client). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** User plus system seconds from {@code /usr/bin/time -f "%e %U %S"}; its last line (the command's own output comes first). */
    static double commandCpu(Path times) throws IOException {
        if (!Files.exists(times)) {
            return Double.NaN;
        }
        List<String> lines = Files.readAllLines(times).stream().filter(l -> !l.isBlank()).toList();
        String[] parts = lines.isEmpty() ? new String[0] : lines.get(lines.size() - 1).trim().split("\\s+");
        try {
            return parts.length == 3 ? Double.parseDouble(parts[1]) + Double.parseDouble(parts[2]) : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** {peak used before a GC, peak live after a GC, max heap, GC count} from a {@code -Xlog:gc} file. */
    static long[] peakHeap(Path gcLog) throws IOException {
        long used = 0;
        long live = 0;
        long max = 0;
        long gcs = 0;
        if (!Files.exists(gcLog)) {
            return new long[] {0, 0, 0, 0};
        }
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                gcs++;
                used = Math.max(used, bytes(m.group(1), m.group(2)));
                live = Math.max(live, bytes(m.group(3), m.group(4)));
                max = Math.max(max, bytes(m.group(5), m.group(6)));
            }
        }
        return new long[] {used, live, max, gcs};
    }

    private static long bytes(String value, String unit) {
        long n = Long.parseLong(value);
        return switch (unit) {
            case "K" -> n << 10;
            case "M" -> n << 20;
            default -> n << 30;
        };
    }

    private static Vendor vendor(String mdm) {
        return switch (mdm) {
            case "intune" -> Vendor.GRAPH;
            case "jamf" -> Vendor.JAMF;
            case "workspaceone" -> Vendor.WORKSPACEONE;
            default -> throw new IllegalArgumentException("--mdms: \"" + mdm + "\" is not one of " + String.join(", ", MDMS));
        };
    }

    private static String firstLine(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** One enrollment on {@code mdm}, with Okta as the CA and a renewal policy, so both commands cover it. */
    static String yaml(Sandbox sandbox, String mdm) {
        // The apply's state store, as a user's read after a sync: opened and checked by Flyway, not created and migrated.
        return EnrollmentFleet.header(sandbox) + "enrollments:\n" + enrollment(mdm) + "state:\n  dataDir: data\n";
    }

    private static String enrollment(String mdm) {
        if (!MDMS.contains(mdm)) {
            throw new IllegalArgumentException("--mdms: \"" + mdm + "\" is not one of " + String.join(", ", MDMS));
        }
        return SandboxConfigFile.renewalEnrollment(mdm, "fleet-" + mdm);
    }
}
