package io.scephub.bench;

import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the scale benchmark (issue 8 item 5) and writes its results as the generated section of docs/BENCHMARKS.md.
 * Usage: {@code BenchMain [quick|full] [options]}, see {@link BenchOptions#parse}.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        // "devices" anywhere (the Maven profile puts --doc first) selects the per-device benchmark (issue 16).
        if (List.of(args).contains("devices")) {
            DevicesBenchMain.main(List.of(args).stream().filter(a -> !a.equals("devices")).toArray(String[]::new));
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        Machine machine = Machine.describe();
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path work = Files.createTempDirectory("scephub-bench-");
        System.out.printf("scale bench: %s; %d cores, %s, %s, max heap %d MiB; work dir %s%n", options, machine.cores(),
                machine.cpuModel(), machine.jdk(), machine.maxHeapBytes() >> 20, work);

        List<ApplyBench.Result> applies = new ArrayList<>();
        if (options.runs().contains("apply")) {
            ApplyBench bench = new ApplyBench(options.applyTimeoutMinutes());
            for (int n : options.enrollments()) {
                System.out.printf("first apply of %d enrollments ...%n", n);
                ApplyBench.Result result = bench.run(n, work);
                applies.add(result);
                System.out.printf("  %.1f s, floor %.1f s (%s), ratio %.2f, peak heap %d MiB (live %d MiB)%s%n",
                        result.wallSeconds(), result.floorSeconds(), result.floorBinding(), result.floorRatio(),
                        result.heap().usedBytes() >> 20, result.heap().liveBytes() >> 20,
                        result.failure().isEmpty() ? "" : "; " + result.failure());
                result.noop().forEach(noop -> System.out.printf("  no-op plan (%s): %d requests for %d resources (exit %d)%n",
                        noop.label(), noop.totalRequests(), noop.totalResources(), noop.exitCode()));
                if (!result.finished()) {
                    System.out.println("  larger N skipped: this one did not finish");
                    break;
                }
            }
        }

        List<VerifyBench.Measurement> verifications = new ArrayList<>();
        if (options.runs().contains("rest") || options.runs().contains("http-floor")) {
            verifications.addAll(verify(options, work));
        }

        double loadAfter = Machine.loadNow();
        String section = Report.section(options, machine, started, loadAfter, applies, verifications);
        System.out.println();
        System.out.println(section);
        if (options.doc().isPresent()) {
            Path doc = options.doc().get();
            String before = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n";
            Files.writeString(doc, Report.update(before, section));
            System.out.println("written to " + doc.toAbsolutePath().normalize());
        }
        // An apply that hit its timeout may still be running on a daemon thread; the numbers are out, so stop here.
        System.exit(0);
    }

    private static List<VerifyBench.Measurement> verify(BenchOptions options, Path work) throws Exception {
        List<VerifyBench.Measurement> out = new ArrayList<>();
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
            VerifyBench bench = new VerifyBench(sandbox, work, options.clients());
            int warm = options.warmupCount();
            System.out.printf("issuing %d + %d warm-up challenges ...%n", options.verifications(), warm);
            List<String> all = bench.tokens(options.verifications() + warm);
            List<String> warmup = all.subList(0, warm);
            List<String> tokens = all.subList(warm, all.size());
            EmbeddedPostgres postgres = options.stores().contains("postgres") ? EmbeddedPostgres.start() : null;
            try {
                for (String store : options.stores()) {
                    List<VerifyBench.VerifyPath> paths = options.runs().contains("http-floor") ? List.of(VerifyBench.VerifyPath.values())
                            : List.of(VerifyBench.VerifyPath.IN_PROCESS, VerifyBench.VerifyPath.SERVE);
                    int rounds = options.rounds();
                    for (int round = 1; round <= rounds; round++) {
                        // Each round its share of the measured tokens, verified again in new JVMs against fresh databases.
                        List<String> share = tokens.subList((round - 1) * tokens.size() / rounds, round * tokens.size() / rounds);
                        List<VerifyBench.VerifyPath> order = new ArrayList<>(paths);
                        if (round % 2 == 0) {
                            java.util.Collections.reverse(order);
                        }
                        for (VerifyBench.VerifyPath path : order) {
                            String name = "verify-" + store + "-" + path.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                                    + (rounds == 1 ? "" : "-round" + round);
                            Path config = bench.config(name, store.equals("h2") ? "state:\n  dataDir: data\n"
                                    : postgresState(VerifyBench.freshDatabase(postgres, name.replace('-', '_'))));
                            String of = rounds == 1 ? "" : " (round " + round + " of " + rounds + ")";
                            System.out.printf("%s: %d verifications %s, %d clients (%s)%s ...%n", store, share.size(), path.how,
                                    options.clients(), path == VerifyBench.VerifyPath.IN_PROCESS ? "threads" : options.httpClient(), of);
                            VerifyBench.Measurement m = bench.measure(path, store, config, options.httpClient(), warmup, share);
                            out.add(print(m.inRound(round)));
                        }
                    }
                }
            } finally {
                if (postgres != null) {
                    postgres.close();
                }
            }
        }
        return out;
    }

    private static String postgresState(String jdbcUrl) {
        return "state:\n  jdbcUrl: " + jdbcUrl + "\n  username: postgres\n";
    }

    private static VerifyBench.Measurement print(VerifyBench.Measurement m) {
        System.out.printf("  %.0f/s, p50 %.2f ms, p99 %.2f ms, %d not accepted%s%n", m.perSecond(), m.p50Micros() / 1000.0,
                m.p99Micros() / 1000.0, m.failures(), m.firstFailure().isEmpty() ? "" : " (first: " + m.firstFailure() + ")");
        System.out.printf("  CPU per verification: verifying JVM %.0f µs, REST client %.0f µs; %s%n",
                m.serverCpuSeconds() * 1e6 / m.verifications(), m.clientCpuSeconds() * 1e6 / m.verifications(),
                m.ledger() == null ? "no ledger" : m.ledger().summary());
        System.out.printf("  CPU µs per verification by thread: %s%n", m.threadCpu());
        return m;
    }
}
