package io.scephub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.sandbox.OktaSimulator;
import io.scephub.sandbox.RecordedRequest;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import io.scephub.sandbox.Vendor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** First apply of N enrollments against a fresh in-process sandbox, then a no-op plan of the converged state. */
final class ApplyBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The sandbox vendors in report order. */
    static final List<Vendor> VENDORS = List.of(Vendor.OKTA, Vendor.GRAPH, Vendor.ENTRA, Vendor.JAMF, Vendor.WORKSPACEONE);

    /** Requests one vendor answered: all of them, the writes (not GET), and the 429s among them. */
    record VendorCounts(long requests, long writes, long throttled) {
        static VendorCounts of(List<RecordedRequest> entries) {
            return new VendorCounts(entries.size(), entries.stream().filter(r -> !r.method().equals("GET")).count(),
                    entries.stream().filter(r -> r.status() == 429).count());
        }
    }

    /**
     * A no-op plan after convergence: which one ({@code label}, e.g. "--refresh"), the resources it covered and the
     * requests it made, per sandbox vendor.
     */
    record NoopPlan(String label, int exitCode, Map<Vendor, Long> resources, Map<Vendor, Long> requests) {
        long totalResources() {
            return resources.values().stream().mapToLong(Long::longValue).sum();
        }

        long totalRequests() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * One N: wall time and exit code of the apply ({@code finished} false when it hit the timeout), requests per
     * vendor, the rate-limit floor, peak heap, the no-op plans (none when the apply did not converge).
     */
    record Result(int enrollments, Map<EnrollmentFleet.Kind, Integer> kinds, boolean finished, int exitCode,
                  double wallSeconds, Map<Vendor, VendorCounts> perVendor, double floorSeconds, String floorBinding,
                  HeapMonitor.Peak heap, List<NoopPlan> noop, String failure) {
        double floorRatio() {
            return floorSeconds > 0 ? wallSeconds / floorSeconds : Double.NaN;
        }
    }

    private final int timeoutMinutes;

    ApplyBench(int timeoutMinutes) {
        this.timeoutMinutes = timeoutMinutes;
    }

    Result run(int n, Path workDir) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(workDir.resolve("apply-" + n));
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bench-apply-" + n);
            t.setDaemon(true);
            return t;
        });
        Sandbox sandbox = Sandbox.start(SandboxOptions.defaults());
        // Okta's published per-endpoint limits (lowest plan), as scephub's client assumes them.
        sandbox.okta().enforcePublishedRateLimits(true);
        try {
            Path config = dir.resolve("scephub.yaml");
            Files.writeString(config, EnrollmentFleet.yaml(sandbox, n));
            HubCli cli = new HubCli(dir, EnrollmentFleet.credentials(sandbox));
            String[] applyArgs = cli.applyArgs(config);
            sandbox.requests().clear();

            HeapMonitor heap = HeapMonitor.start();
            Instant startedAt = Instant.now();
            long start = System.nanoTime();
            Future<HubCli.Run> apply = worker.submit(() -> cli.run(applyArgs));
            HubCli.Run run;
            try {
                run = apply.get(timeoutMinutes, TimeUnit.MINUTES);
            } catch (TimeoutException e) {
                double wall = (System.nanoTime() - start) / 1e9;
                HeapMonitor.Peak peak = heap.stop();
                Result partial = result(n, sandbox, startedAt, false, -1, wall, peak, List.of(),
                        "still running after " + timeoutMinutes + " min; stopped");
                // Stop the apply (interrupt, then take its vendors away) so it does not load the machine during later runs.
                apply.cancel(true);
                sandbox.close();
                return partial;
            } catch (ExecutionException e) {
                heap.stop();
                return result(n, sandbox, startedAt, false, -1, (System.nanoTime() - start) / 1e9, new HeapMonitor.Peak(0, 0, 0, 0),
                        List.of(), "apply threw " + e.getCause());
            }
            double wall = (System.nanoTime() - start) / 1e9;
            HeapMonitor.Peak peak = heap.stop();
            Map<Vendor, VendorCounts> applyCounts = perVendor(sandbox);
            RateLimitFloor floor = floor(sandbox.options(), applyCounts, sandbox.requests().of(Vendor.GRAPH),
                    sandbox.requests().of(Vendor.OKTA), startedAt);
            writeJournal(sandbox, dir.resolve("apply-journal.tsv"));
            List<NoopPlan> noop = List.of();
            String failure = "";
            if (run.exitCode() == 0) {
                Map<Vendor, Long> resources = appliedResources(run.out());
                // Right after the apply (kept reads from its writes, the oldest possibly past the window at large N), then
                // every object read again, then the steady state of repeated plans within the reuse window.
                noop = List.of(
                        noopPlan(sandbox, cli, config, resources, dir, "after apply", List.of()),
                        noopPlan(sandbox, cli, config, resources, dir, "--refresh", List.of("--refresh")),
                        noopPlan(sandbox, cli, config, resources, dir, "again", List.of()));
            } else {
                failure = "apply exited " + run.exitCode() + ": " + lastLines(run.err() + "\n" + run.out(), 5);
            }
            return new Result(n, EnrollmentFleet.counts(n), true, run.exitCode(), wall, applyCounts, floor.seconds(), floor.binding(),
                    peak, noop, failure);
        } finally {
            worker.shutdownNow();
            sandbox.close();
        }
    }

    /** A result from the journal as it stands (for an apply that did not finish). */
    private Result result(int n, Sandbox sandbox, Instant startedAt, boolean finished, int exit, double wall,
                          HeapMonitor.Peak peak, List<NoopPlan> noop, String failure) {
        Map<Vendor, VendorCounts> counts = perVendor(sandbox);
        RateLimitFloor floor = floor(sandbox.options(), counts, sandbox.requests().of(Vendor.GRAPH),
                sandbox.requests().of(Vendor.OKTA), startedAt);
        return new Result(n, EnrollmentFleet.counts(n), finished, exit, wall, counts, floor.seconds(), floor.binding(), peak, noop,
                failure);
    }

    /**
     * The limits the sandbox enforces, counted the way the vendors count them: Okta per published bucket per calendar
     * minute (as its headers announce), and when switched on, its org-wide and
     * Workspace ONE's per-minute limits; Intune's writes and requests per 20 s on {@code deviceManagement} paths (a
     * throttled request does not count anywhere: the floor is what the run needed), as sliding windows because
     * Microsoft publishes no window start.
     */
    static RateLimitFloor floor(SandboxOptions options, Map<Vendor, VendorCounts> counts, List<RecordedRequest> graph,
                                List<RecordedRequest> oktaRequests, Instant start) {
        double startSeconds = start.getEpochSecond() + start.getNano() / 1e9;
        List<RecordedRequest> intune = graph.stream().filter(r -> r.path().contains("/deviceManagement/") && r.status() != 429)
                .toList();
        long intuneWrites = intune.stream().filter(r -> !r.method().equals("GET")).count();
        VendorCounts okta = counts.get(Vendor.OKTA);
        VendorCounts ws1 = counts.get(Vendor.WORKSPACEONE);
        RateLimitFloor floor = new RateLimitFloor()
                .addSliding("Graph (Intune) writes", intuneWrites, options.graphWritesPer20s(), 20)
                .addSliding("Graph (Intune) requests", intune.size(), options.graphRequestsPer20s(), 20)
                .addFixed("Okta requests", okta.requests() - okta.throttled(), options.oktaRateLimitPerMinute(), 60, startSeconds)
                .addFixed("Workspace ONE requests", ws1.requests() - ws1.throttled(), options.workspaceOne().rateLimitPerMinute(),
                        60, startSeconds);
        Map<String, Long> perBucket = new TreeMap<>();
        oktaRequests.forEach(r -> {
            String bucket = OktaSimulator.bucket(r.path());
            if (bucket != null && r.status() != 429) {
                perBucket.merge(bucket, 1L, Long::sum);
            }
        });
        perBucket.forEach((bucket, counted) -> floor.addFixed("Okta " + bucket, counted,
                OktaSimulator.PUBLISHED_LIMITS.getOrDefault(bucket, 0), 60, startSeconds));
        return floor;
    }

    static Map<Vendor, VendorCounts> perVendor(Sandbox sandbox) {
        Map<Vendor, VendorCounts> out = new EnumMap<>(Vendor.class);
        for (Vendor vendor : VENDORS) {
            out.put(vendor, VendorCounts.of(sandbox.requests().of(vendor)));
        }
        return out;
    }

    /** A no-op plan; the resources are those the apply reported as applied or adopted (a no-op plan lists none). */
    private static NoopPlan noopPlan(Sandbox sandbox, HubCli cli, Path config, Map<Vendor, Long> resources, Path dir,
                                     String label, List<String> extraArgs) throws IOException {
        sandbox.requests().clear();
        List<String> args = new java.util.ArrayList<>(List.of("plan", "--output", "json", "--config", config.toString()));
        args.addAll(extraArgs);
        HubCli.Run plan = cli.run(args.toArray(String[]::new));
        writeJournal(sandbox, dir.resolve("noop-plan-" + label.replaceAll("[^a-z]+", "") + "-journal.tsv"));
        Map<Vendor, Long> requests = new EnumMap<>(Vendor.class);
        for (Vendor vendor : VENDORS) {
            requests.put(vendor, (long) sandbox.requests().of(vendor).size());
        }
        return new NoopPlan(label, plan.exitCode(), resources, requests);
    }

    /** Resources per vendor from {@code apply --output json}: its outcomes that were applied or adopted. */
    static Map<Vendor, Long> appliedResources(String applyJson) {
        Map<Vendor, Long> resources = new EnumMap<>(Vendor.class);
        int start = applyJson.indexOf('{');
        if (start < 0) {
            return resources;
        }
        JsonNode root;
        try {
            root = JSON.readTree(applyJson.substring(start));
        } catch (IOException e) {
            return resources;
        }
        for (JsonNode outcome : root.path("outcomes")) {
            String status = outcome.path("status").asText();
            if (status.equals("applied") || status.equals("adopted")) {
                resources.merge(vendorOf(outcome.path("key").asText()), 1L, Long::sum);
            }
        }
        return resources;
    }

    /** The journal as TSV next to the config, to see where requests went. */
    private static void writeJournal(Sandbox sandbox, Path file) throws IOException {
        StringBuilder out = new StringBuilder("time\tvendor\tmethod\tpath\tquery\tstatus\n");
        for (RecordedRequest r : sandbox.requests().all()) {
            out.append(r.time()).append('\t').append(r.vendor()).append('\t').append(r.method()).append('\t').append(r.path())
                    .append('\t').append(r.query()).append('\t').append(r.status()).append('\n');
        }
        Files.writeString(file, out);
    }

    /** {@code intune.scep-profile/x} → GRAPH, by the resource kind's prefix. */
    static Vendor vendorOf(String resourceKey) {
        String prefix = resourceKey.contains(".") ? resourceKey.substring(0, resourceKey.indexOf('.')) : resourceKey;
        return switch (prefix) {
            case "okta" -> Vendor.OKTA;
            case "intune" -> Vendor.GRAPH;
            case "jamf" -> Vendor.JAMF;
            case "workspaceone" -> Vendor.WORKSPACEONE;
            default -> Vendor.ALL;
        };
    }

    private static String lastLines(String text, int n) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return String.join(" / ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** Kinds with their counts, e.g. {@code 13 Windows+Intune, 13 macOS+Intune, 12 Jamf, 12 WS1}. */
    static String kinds(Map<EnrollmentFleet.Kind, Integer> kinds) {
        Map<EnrollmentFleet.Kind, String> names = new LinkedHashMap<>();
        names.put(EnrollmentFleet.Kind.WINDOWS_INTUNE, "Windows/Intune");
        names.put(EnrollmentFleet.Kind.MACOS_INTUNE, "macOS/Intune");
        names.put(EnrollmentFleet.Kind.MACOS_JAMF, "macOS/Jamf");
        names.put(EnrollmentFleet.Kind.WINDOWS_WS1, "Windows/WS1");
        StringBuilder out = new StringBuilder();
        names.forEach((k, name) -> out.append(out.length() == 0 ? "" : ", ").append(kinds.getOrDefault(k, 0)).append(' ').append(name));
        return out.toString();
    }
}
