package io.scephub.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of one process's threads by what they do (request threads, JIT, GC, the rest), user and system apart, read from
 * Linux's {@code /proc/PID/task}: the verifying JVMs are children, so this sees the {@code serve} child, the in-process child
 * and the bench JVM (the REST clients) alike. Off Linux every snapshot is empty and the breakdown says so.
 */
final class ThreadCpu {
    /** Clock ticks per second of {@code /proc}'s utime and stime (USER_HZ, 100 on every Linux the bench runs on). */
    private static final double TICKS = 100.0;

    /** User and system seconds per thread group. */
    record Usage(double user, double system) {
        double total() {
            return user + system;
        }
    }

    /**
     * Per-thread ticks of one moment, keyed by thread id, with the thread's name, and the whole process's ticks (which
     * keep the CPU of threads that have ended).
     */
    record Snapshot(Map<Long, String> names, Map<Long, long[]> ticks, long[] process) {
    }

    private ThreadCpu() {
    }

    static Snapshot snapshot(long pid) {
        Map<Long, String> names = new TreeMap<>();
        Map<Long, long[]> ticks = new TreeMap<>();
        Path proc = Path.of("/proc", Long.toString(pid));
        long[] process = new long[2];
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(proc.resolve("task"))) {
            process = ticks(Files.readString(proc.resolve("stat")));
            for (Path task : dir) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    names.put(Long.parseLong(task.getFileName().toString()),
                            stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
                    ticks.put(Long.parseLong(task.getFileName().toString()), ticks(stat));
                } catch (IOException | RuntimeException e) {
                    // A thread that ended between listing and reading is counted with the process's ended threads.
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Snapshot(Map.of(), Map.of(), new long[2]);
        }
        return new Snapshot(names, ticks, process);
    }

    /** utime and stime of a {@code stat} line: fields 14 and 15, counted after the parenthesised name (which may hold spaces). */
    private static long[] ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }

    /** CPU used between two snapshots of one process, by group (see {@link #group}), groups in a fixed order. */
    static Map<String, Usage> between(Snapshot before, Snapshot after) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (String g : GROUPS) {
            sums.put(g, new double[2]);
        }
        long[] live = new long[2];
        after.ticks().forEach((tid, now) -> {
            long[] then = before.ticks().getOrDefault(tid, new long[2]);
            double[] sum = sums.get(group(after.names().get(tid)));
            sum[0] += (now[0] - then[0]) / TICKS;
            sum[1] += (now[1] - then[1]) / TICKS;
            live[0] += now[0] - then[0];
            live[1] += now[1] - then[1];
        });
        // Threads that ended meanwhile (the bench's own request threads end with each measurement) are the process's
        // CPU that no live thread accounts for.
        double[] ended = sums.get("ended threads");
        ended[0] += Math.max(0, after.process()[0] - before.process()[0] - live[0]) / TICKS;
        ended[1] += Math.max(0, after.process()[1] - before.process()[1] - live[1]) / TICKS;
        Map<String, Usage> out = new LinkedHashMap<>();
        sums.forEach((g, s) -> out.put(g, new Usage(s[0], s[1])));
        return out;
    }

    private static final List<String> GROUPS = List.of("requests", "ended threads", "JIT", "GC", "other");

    /**
     * Linux keeps the first 15 bytes of a thread's name. Request threads: Jetty's pool ({@code scephub-http-N}) in
     * {@code serve}, the bench's own {@code bench-client-N} threads in the in-process child and in the client JVM.
     */
    static String group(String name) {
        if (name == null) {
            return "other";
        }
        if (name.startsWith("scephub-http") || name.startsWith("bench-client")) {
            return "requests";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "JIT";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
            return "GC";
        }
        return "other";
    }

    /** {@code requests 1,234 (user 1,000 + sys 234), JIT ..., ...} as µs per verification. */
    static String perVerification(Map<String, Usage> usage, int verifications) {
        StringBuilder out = new StringBuilder();
        usage.forEach((g, u) -> {
            if (u.total() == 0) {
                return;
            }
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(String.format(Locale.ROOT, "%s %,.0f (user %,.0f + sys %,.0f)", g, u.total() * 1e6 / verifications,
                    u.user() * 1e6 / verifications, u.system() * 1e6 / verifications));
        });
        return out.length() == 0 ? "no per-thread CPU (not Linux)" : out.toString();
    }
}
