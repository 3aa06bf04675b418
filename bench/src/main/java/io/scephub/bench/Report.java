package io.scephub.bench;

import io.scephub.sandbox.Vendor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The benchmark's results as the generated markdown section of docs/BENCHMARKS.md, and how it replaces the last one. */
final class Report {
    static final String BEGIN = "<!-- scale-bench:begin -->";
    static final String END = "<!-- scale-bench:end -->";
    private static final long HEAP_TARGET = 512L << 20;
    private static final double FLOOR_TARGET = 1.05;
    private static final double NOOP_TARGET = 10;
    private static final double REST_TARGET = 0.90;
    private static final int REST_P99_TARGET_MILLIS = 100;

    private Report() {
    }

    /** Replaces the text between the markers (markers included), or appends the section when there are none. */
    static String update(String document, String section) {
        return update(document, section, BEGIN, END);
    }

    /** As {@link #update(String, String)} for the section between {@code beginMarker} and {@code endMarker}. */
    static String update(String document, String section, String beginMarker, String endMarker) {
        int begin = document.indexOf(beginMarker);
        int end = document.indexOf(endMarker);
        if (begin >= 0 && end > begin) {
            return document.substring(0, begin) + section + document.substring(end + endMarker.length());
        }
        return document + (document.endsWith("\n") ? "\n" : "\n\n") + section + "\n";
    }

    static String section(BenchOptions options, Machine machine, Instant started, double loadAfter,
                          List<ApplyBench.Result> applies, List<VerifyBench.Measurement> verifications) {
        StringBuilder md = new StringBuilder(BEGIN).append('\n');
        md.append("<!-- Written by the bench module (BenchMain); a new run replaces everything up to the end marker. -->\n\n");
        md.append("### Latest run: ").append(started).append(options.label().isBlank() ? "" : " — " + options.label()).append("\n\n");
        md.append(String.format(Locale.ROOT, "Machine: %d cores, %s, %s, %s; benchmark JVM max heap %d MiB (%s); load average"
                        + " %.2f at the start, %.2f at the end.%n", machine.cores(), machine.cpuModel(), machine.jdk(), machine.os(),
                machine.maxHeapBytes() >> 20, machine.gc(), machine.loadAverage(), loadAfter));
        String apply = options.runs().contains("apply")
                ? String.format(Locale.ROOT, "enrollments %s, apply timeout %d min", options.enrollments(), options.applyTimeoutMinutes())
                : "no apply runs";
        String rest = options.runs().contains("rest")
                ? String.format(Locale.ROOT, "%,d verifications per store with %d clients, stores %s", options.verifications(),
                        options.clients(), String.join(", ", options.stores()))
                : "no verification runs";
        md.append(String.format(Locale.ROOT, "Options: %s; %s.%n%n", apply, rest));
        if (!applies.isEmpty()) {
            appendApplies(md, applies);
            appendNoop(md, applies);
        }
        if (!verifications.isEmpty()) {
            appendVerifications(md, verifications);
        }
        appendTargets(md, applies, verifications);
        md.append(END);
        return md.toString();
    }

    private static void appendApplies(StringBuilder md, List<ApplyBench.Result> applies) {
        md.append("#### First apply (fresh sandbox, Intune limits 100 writes and 1,000 requests per 20 s enforced)\n\n");
        md.append("| N | enrollments | exit | wall | requests Okta / Graph / Entra / Jamf / WS1 | writes Okta / Graph / Jamf / WS1"
                + " | 429s | rate-limit floor (binding limit) | wall / floor | peak heap used (live after GC; before: baseline) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (ApplyBench.Result r : applies) {
            Map<Vendor, ApplyBench.VendorCounts> c = r.perVendor();
            long throttled = c.values().stream().mapToLong(ApplyBench.VendorCounts::throttled).sum();
            md.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %,d | %.1f s (%s) | %s | %s |%n",
                    r.enrollments(), ApplyBench.kinds(r.kinds()), r.finished() ? Integer.toString(r.exitCode()) : "—",
                    (r.finished() ? "" : "> ") + String.format(Locale.ROOT, "%.1f s", r.wallSeconds()),
                    join(c, List.of(Vendor.OKTA, Vendor.GRAPH, Vendor.ENTRA, Vendor.JAMF, Vendor.WORKSPACEONE), false),
                    join(c, List.of(Vendor.OKTA, Vendor.GRAPH, Vendor.JAMF, Vendor.WORKSPACEONE), true), throttled,
                    r.floorSeconds(), r.floorBinding(), (r.finished() ? "" : "> ") + ratio(r.floorRatio()),
                    r.heap().usedBytes() == 0 ? "—" : String.format(Locale.ROOT, "%d MiB (%d MiB; %d MiB)", r.heap().usedBytes() >> 20,
                            r.heap().liveBytes() >> 20, r.heap().baselineBytes() >> 20)));
        }
        List<String> failures = applies.stream().filter(r -> !r.failure().isEmpty())
                .map(r -> "N=" + r.enrollments() + ": " + r.failure().replace("|", "\\|")).toList();
        if (!failures.isEmpty()) {
            md.append("\nNot finished or failed: ").append(String.join("; ", failures)).append('\n');
        }
        md.append("""

                The floor is the latest moment, over the limits the sandbox enforces, at which the last request counted against
                a limit may be sent, each limit counted the way its vendor counts it, from the sandbox's request journal (429s
                not counted): Okta's requests per published endpoint bucket against the lowest plan's limits (which the benchmark
                switches on) in calendar-minute windows from the apply's start second — the rest of the first minute, then
                whole minutes; Graph writes (not GET) and all Graph requests on `deviceManagement` paths in 20 s windows that
                may start anywhere (Microsoft publishes no window start and no remaining-quota header, so only a sliding
                schedule is never throttled). Jamf and Workspace ONE publish no limit and enforce none here, so they do not
                bound the floor. Heap is this JVM's (hub and sandbox together): the highest use seen
                (10 ms samples and before each GC) and, in brackets, the highest use right after a GC and the use after a full
                GC just before the apply (sandbox and JVM).

                """);
    }

    private static void appendNoop(StringBuilder md, List<ApplyBench.Result> applies) {
        md.append("#### No-op plan after convergence (requests vs one GET per resource)\n\n");
        md.append("| N | plan | exit | resources | requests | resources / request | per vendor: resources / requests |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (ApplyBench.Result r : applies) {
            if (r.noop().isEmpty()) {
                md.append(String.format(Locale.ROOT, "| %,d | — | — | — | — | — | apply did not converge |%n", r.enrollments()));
                continue;
            }
            for (ApplyBench.NoopPlan p : r.noop()) {
                String perVendor = ApplyBench.VENDORS.stream()
                        .map(v -> v.name().toLowerCase(Locale.ROOT) + " " + p.resources().getOrDefault(v, 0L) + " / "
                                + p.requests().getOrDefault(v, 0L))
                        .collect(Collectors.joining(", "));
                md.append(String.format(Locale.ROOT, "| %,d | %s | %d | %,d | %,d | %s | %s |%n", r.enrollments(), planLabel(p),
                        p.exitCode(), p.totalResources(), p.totalRequests(),
                        ratio((double) p.totalResources() / Math.max(1, p.totalRequests())), perVendor));
            }
        }
        md.append("""

                Three plans after each converged apply: `plan` right after it (objects the apply wrote are taken from kept reads
                younger than `state.reuseReadsFor`, 10 min by default, so at large N the oldest are read again), `plan --refresh`
                (every object read: what the vendors' APIs cost), and `plan` again (the steady state of repeated plans within the
                window). Resources are those the first apply created (its `--output json` outcomes); a converged plan exits 0 and
                lists no change. Requests include token requests (Entra is Graph's token endpoint).

                """);
    }

    private static String planLabel(ApplyBench.NoopPlan p) {
        return "`plan" + (p.label().startsWith("--") ? " " + p.label() + "`" : "` (" + p.label() + ")");
    }

    private static void appendVerifications(StringBuilder md, List<VerifyBench.Measurement> ms) {
        md.append("#### Delegated challenge verification: REST (`scephub serve`) vs in-process\n\n");
        md.append("| store | path | verifications | clients | throughput | p50 | p99 | not accepted | CPU µs / verification:"
                + " verifying JVM + client | recorded exactly once, replays refused | REST / in-process |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (VerifyBench.Measurement m : ms) {
            String rel = overHttp(m) ? inProcessOf(ms, m).map(i -> ratio(m.perSecond() / i.perSecond())).orElse("—") : "";
            md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %d | %,.0f /s | %.2f ms | %.2f ms | %d | %,.0f + %,.0f | %s | %s |%n",
                    m.store(), pathOf(m, ms), m.verifications(), m.clients(), m.perSecond(), m.p50Micros() / 1000.0, m.p99Micros() / 1000.0,
                    m.failures(), m.serverCpuSeconds() * 1e6 / m.verifications(), m.clientCpuSeconds() * 1e6 / m.verifications(),
                    m.ledger() == null ? "not checked" : (m.ledger().exact() ? "yes: " : "**no**: ") + m.ledger().summary(), rel));
        }
        md.append("\nCPU µs per verification by thread group (`/proc`, user + system; request threads: Jetty's in `serve`, the"
                + " bench's own elsewhere, which end with the measurement and so show as ended threads):\n\n");
        for (VerifyBench.Measurement m : ms) {
            md.append("- ").append(m.store()).append(' ').append(pathOf(m, ms)).append(": ")
                    .append(m.threadCpu() == null || m.threadCpu().isEmpty() ? "not measured" : m.threadCpu()).append('\n');
        }
        md.append("""

                Tokens: distinct ES256 x5c challenges from the sandbox's Intune signer (the demo's signer configuration), each
                verified once against a fresh database, so every one is accepted and its `jti` stored. In-process calls
                `ChallengeVerification` (verifier, replay table, audit log) from the same number of threads; REST posts
                `{"token": …}` to `POST /api/v1/challenges/verify` of a `scephub serve --no-scheduler` child JVM (-Xmx512m),
                one keep-alive loopback connection per client thread (`--http-client socket`: a blocking `SocketChannel`, every
                request's bytes written out before the warm-up, an accepted answer recognised by its first bytes; `jdk` uses one
                shared JDK `HttpClient`). Warm-up challenges (not timed) go first on each path. CPU is the process CPU time (user +
                system) during the timed part: of the JVM that verifies, and for REST also of the bench JVM, which then only runs
                the clients. After each path the first 1,000 measured tokens are sent again (all must be refused as REPLAYED), and
                the store is counted: one `challenge.accepted` audit record per token with distinct `jti` hashes, one replay row
                per token, and an intact hash chain.

                """);
    }

    /** The in-process measurement of {@code m}'s store and round, which {@code m}'s ratio is to. */
    private static Optional<VerifyBench.Measurement> inProcessOf(List<VerifyBench.Measurement> ms, VerifyBench.Measurement m) {
        return ms.stream().filter(i -> i.store().equals(m.store()) && i.round() == m.round()
                && i.path().equals(VerifyBench.VerifyPath.IN_PROCESS.label))
                .findFirst();
    }

    private static boolean overHttp(VerifyBench.Measurement m) {
        return !m.path().equals(VerifyBench.VerifyPath.IN_PROCESS.label);
    }

    /** The path, with its round when the run had several. */
    private static String pathOf(VerifyBench.Measurement m, List<VerifyBench.Measurement> ms) {
        return ms.stream().anyMatch(o -> o.round() > 1) ? m.path() + ", round " + m.round() : m.path();
    }

    /**
     * One path's rounds on one store taken together: every verification over the time all of them took (so a round that
     * ran on a slow machine weighs as long as it lasted), the highest p99, every failure, and exact only if every round was.
     */
    private record Pooled(int rounds, int verifications, double seconds, long p99Micros, int failures, boolean exact) {
        double perSecond() {
            return verifications / seconds;
        }

        static Optional<Pooled> of(List<VerifyBench.Measurement> ms, String store, VerifyBench.VerifyPath path) {
            List<VerifyBench.Measurement> chosen = ms.stream().filter(m -> m.store().equals(store) && m.path().equals(path.label)).toList();
            if (chosen.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Pooled(chosen.size(), chosen.stream().mapToInt(VerifyBench.Measurement::verifications).sum(),
                    chosen.stream().mapToDouble(VerifyBench.Measurement::seconds).sum(),
                    chosen.stream().mapToLong(VerifyBench.Measurement::p99Micros).max().orElse(0),
                    chosen.stream().mapToInt(VerifyBench.Measurement::failures).sum(),
                    chosen.stream().allMatch(m -> m.ledger() != null && m.ledger().exact())));
        }
    }

    private static void appendTargets(StringBuilder md, List<ApplyBench.Result> applies, List<VerifyBench.Measurement> ms) {
        List<String> lines = new ArrayList<>();
        applies.stream().filter(r -> r.enrollments() == 200 && r.finished()).findFirst().ifPresent(r ->
                lines.add(String.format(Locale.ROOT, "first apply of 200: wall / floor %s (target ≤ %.2f): %s", ratio(r.floorRatio()),
                        FLOOR_TARGET, verdict(r.exitCode() == 0 && r.floorRatio() <= FLOOR_TARGET))));
        applies.stream().filter(r -> r.enrollments() == 1_000).findFirst().ifPresentOrElse(r -> {
            if (!r.finished()) {
                lines.add(String.format(Locale.ROOT, "first apply of 1,000: did not finish (%s); wall / floor > %s (target ≤ %.2f): %s",
                        r.failure(), ratio(r.floorRatio()), FLOOR_TARGET, verdict(false)));
                lines.add(String.format(Locale.ROOT, "first apply of 1,000: peak heap %d MiB until it was stopped (target < 512 MiB):"
                        + " not decided", r.heap().usedBytes() >> 20));
                return;
            }
            lines.add(String.format(Locale.ROOT, "first apply of 1,000: wall / floor %s (target ≤ %.2f): %s", ratio(r.floorRatio()),
                    FLOOR_TARGET, verdict(r.exitCode() == 0 && r.floorRatio() <= FLOOR_TARGET)));
            lines.add(String.format(Locale.ROOT, "first apply of 1,000: peak heap %d MiB (target < 512 MiB): %s",
                    r.heap().usedBytes() >> 20, verdict(r.heap().usedBytes() > 0 && r.heap().usedBytes() < HEAP_TARGET)));
        }, () -> lines.add("first apply of 1,000: not run (this run's enrollments: "
                + applies.stream().map(r -> Integer.toString(r.enrollments())).collect(Collectors.joining(", ")) + ")"));
        applies.stream().filter(r -> !r.noop().isEmpty()).reduce((a, b) -> b).ifPresent(r -> {
            for (ApplyBench.NoopPlan p : r.noop()) {
                double x = (double) p.totalResources() / Math.max(1, p.totalRequests());
                lines.add(String.format(Locale.ROOT, "no-op plan (%s) at N=%,d: %s fewer requests than one GET per resource"
                        + " (target ≥ %.0fx): %s", p.label(), r.enrollments(), ratio(x), NOOP_TARGET, verdict(x >= NOOP_TARGET && p.exitCode() == 0)));
            }
        });
        for (String store : ms.stream().map(VerifyBench.Measurement::store).distinct().toList()) {
            Optional<Pooled> in = Pooled.of(ms, store, VerifyBench.VerifyPath.IN_PROCESS);
            Optional<Pooled> rest = Pooled.of(ms, store, VerifyBench.VerifyPath.SERVE);
            Optional<Pooled> floor = Pooled.of(ms, store, VerifyBench.VerifyPath.HTTP_FLOOR);
            if (in.isEmpty()) {
                continue;
            }
            Pooled i = in.get();
            String rounds = i.rounds() == 1 ? "" : String.format(Locale.ROOT, " (%d rounds pooled)", i.rounds());
            rest.ifPresent(m -> {
                double x = m.perSecond() / i.perSecond();
                boolean exact = m.exact() && i.exact();
                String failed = (m.failures() + i.failures() == 0 ? ""
                        : String.format(Locale.ROOT, " (%d REST and %d in-process verifications not accepted)", m.failures(), i.failures()))
                        + (exact ? "" : " (a decision was lost, doubled or a replay accepted: see the table)");
                lines.add(String.format(Locale.ROOT, "REST on %s: %s of in-process (target ≥ %.2f), p99 %.2f ms (target < %d ms)%s: %s%s",
                        store, ratio(x), REST_TARGET, m.p99Micros() / 1000.0, REST_P99_TARGET_MILLIS, rounds,
                        verdict(x >= REST_TARGET && m.p99Micros() < REST_P99_TARGET_MILLIS * 1000L && m.failures() == 0 && exact), failed));
            });
            floor.ifPresent(f -> lines.add(String.format(Locale.ROOT, "HTTP floor on %s (what HTTP itself costs; no target): %s of"
                    + " in-process, p99 %.2f ms%s", store, ratio(f.perSecond() / i.perSecond()), f.p99Micros() / 1000.0, rounds)));
        }
        md.append("#### Targets (issues 8 and 17)\n\n");
        lines.forEach(l -> md.append("- ").append(l).append('\n'));
        md.append('\n');
    }

    private static String verdict(boolean met) {
        return met ? "**met**" : "**missed**";
    }

    private static String join(Map<Vendor, ApplyBench.VendorCounts> counts, List<Vendor> vendors, boolean writes) {
        return vendors.stream().map(v -> {
            ApplyBench.VendorCounts c = counts.get(v);
            return c == null ? "0" : String.format(Locale.ROOT, "%,d", writes ? c.writes() : c.requests());
        }).collect(Collectors.joining(" / "));
    }

    private static String ratio(double x) {
        return Double.isNaN(x) ? "—" : String.format(Locale.ROOT, "%.2fx", x);
    }
}
