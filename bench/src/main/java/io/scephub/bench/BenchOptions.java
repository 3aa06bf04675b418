package io.scephub.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one benchmark run measures. {@code quick} (20 enrollments, 2,000 verifications) checks the harness in under
 * two minutes; {@code full} is the run (50, 200 and 1,000 enrollments, 100,000 verifications).
 *
 * @param enrollments     enrollment counts for the first-apply runs, in order
 * @param verifications   REST and in-process challenge verifications per state store
 * @param clients         concurrent REST clients (and in-process threads)
 * @param stores          state stores for the verification runs: {@code h2}, {@code postgres}
 * @param runs            which parts run: {@code apply} (includes the no-op plan), {@code rest}, {@code http-floor} (adds the
 *                        bench's least HTTP server to the rest run: what HTTP itself costs here)
 * @param applyTimeoutMinutes an apply still running after this is reported as unfinished and larger N are skipped
 * @param doc             the markdown file whose generated section is written (empty: print only)
 * @param label           a free-text note for the report (e.g. "baseline before the connector work")
 * @param warmup          verifications per path before the measured ones (not timed); 0: one in 20 measured, 200 to 5,000
 * @param httpClient      the REST clients: {@code socket} (one blocking keep-alive socket per client thread) or {@code jdk}
 * @param rounds          the verification paths are measured this many times each, in alternating order (in-process, HTTP
 *                        floor, REST; then REST, HTTP floor, in-process; ...), each time in new JVMs over its share of the
 *                        tokens, so that a drift of the machine's speed and one JVM's luck with its compiled code weigh on
 *                        every path alike
 *                        (one shared JDK {@code HttpClient}, as before issue 17; it costs the shared cores more per call)
 */
public record BenchOptions(List<Integer> enrollments, int verifications, int clients, List<String> stores, Set<String> runs,
                           int applyTimeoutMinutes, Optional<Path> doc, String label, int warmup, String httpClient, int rounds) {

    static final Set<String> RUNS = Set.of("apply", "rest", "http-floor");
    static final Set<String> STORES = Set.of("h2", "postgres");
    static final Set<String> HTTP_CLIENTS = Set.of("socket", "jdk");
    /** Each round starts its own verifying JVMs and warms each up, so more rounds cost warm-ups, not precision. */
    static final int MAX_ROUNDS = 20;

    public BenchOptions {
        enrollments = List.copyOf(enrollments);
        stores = List.copyOf(stores);
        runs = Set.copyOf(runs);
        if (enrollments.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--enrollments: every count must be at least 1, got " + enrollments);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must not be negative");
        }
        if (verifications < 1 || clients < 1) {
            throw new IllegalArgumentException("--verifications and --clients must be at least 1");
        }
        for (String store : stores) {
            if (!STORES.contains(store)) {
                throw new IllegalArgumentException("--stores: \"" + store + "\" is not one of h2, postgres");
            }
        }
        if (rounds < 1 || rounds > MAX_ROUNDS || verifications < rounds) {
            throw new IllegalArgumentException("--rounds must be 1 to " + MAX_ROUNDS + " and at most --verifications, got " + rounds);
        }
        if (!HTTP_CLIENTS.contains(httpClient)) {
            throw new IllegalArgumentException("--http-client: \"" + httpClient + "\" is not one of socket, jdk");
        }
        for (String run : runs) {
            if (!RUNS.contains(run)) {
                throw new IllegalArgumentException("--runs: \"" + run + "\" is not one of apply, rest, http-floor");
            }
        }
    }

    /** Parses {@code [quick|full] [--enrollments 50,200] [--verifications N] [--clients N] [--stores h2,postgres]
     * [--runs apply,rest,http-floor] [--apply-timeout-minutes M] [--doc FILE | --no-doc] [--label TEXT] [--warmup N]
     * [--http-client socket|jdk] [--rounds K]}. */
    /** Warm-up verifications per path: as given, else one in 20 measured ones, at least 200 and at most 5,000. */
    int warmupCount() {
        return warmup > 0 ? warmup : Math.max(200, Math.min(5_000, verifications / 20));
    }

    static BenchOptions parse(String... args) {
        List<Integer> enrollments = List.of(20);
        int verifications = 2_000;
        int clients = 32;
        List<String> stores = List.of("h2", "postgres");
        Set<String> runs = new LinkedHashSet<>(List.of("apply", "rest"));
        int timeout = 60;
        Optional<Path> doc = Optional.empty();
        String label = "";
        String httpClient = "socket";
        int warmup = 0;
        int rounds = 1;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "quick" -> {
                    enrollments = List.of(20);
                    verifications = 2_000;
                }
                case "full" -> {
                    enrollments = List.of(50, 200, 1_000);
                    verifications = 100_000;
                }
                case "--enrollments" -> enrollments = ints(arg, value(args, ++i, arg));
                case "--verifications" -> verifications = Integer.parseInt(value(args, ++i, arg).replace("_", ""));
                case "--clients" -> clients = Integer.parseInt(value(args, ++i, arg));
                case "--stores" -> stores = List.of(value(args, ++i, arg).split(","));
                case "--runs" -> runs = new LinkedHashSet<>(List.of(value(args, ++i, arg).split(",")));
                case "--apply-timeout-minutes" -> timeout = Integer.parseInt(value(args, ++i, arg));
                case "--doc" -> doc = Optional.of(Path.of(value(args, ++i, arg)));
                case "--no-doc" -> doc = Optional.empty();
                case "--label" -> label = value(args, ++i, arg);
                case "--warmup" -> warmup = Integer.parseInt(value(args, ++i, arg).replace("_", ""));
                case "--http-client" -> httpClient = value(args, ++i, arg);
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown argument \"" + arg + "\"; expected quick, full, --enrollments,"
                        + " --verifications, --clients, --stores, --runs, --apply-timeout-minutes, --doc, --no-doc, --label, --warmup, --http-client or --rounds");
            }
        }
        return new BenchOptions(enrollments, verifications, clients, stores, runs, timeout, doc, label, warmup, httpClient, rounds);
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    private static List<Integer> ints(String name, String csv) {
        List<Integer> out = new ArrayList<>();
        for (String part : csv.split(",")) {
            try {
                out.add(Integer.parseInt(part.trim().replace("_", "")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": \"" + part + "\" is not a whole number");
            }
        }
        return out;
    }
}
