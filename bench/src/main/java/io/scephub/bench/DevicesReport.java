package io.scephub.bench;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The generated devices section of docs/BENCHMARKS.md (its own markers, so the apply section stays as it is). */
final class DevicesReport {
    static final String BEGIN = "<!-- devices-bench:begin -->";
    static final String END = "<!-- devices-bench:end -->";
    /** Issue 16: at most 1.2x the paging floor. */
    static final double TARGET_RATIO = 1.2;
    static final long HEAP_LIMIT = 512L << 20;

    private DevicesReport() {
    }

    static String update(String document, String section) {
        return Report.update(document, section, BEGIN, END);
    }

    static String section(Machine machine, Instant started, double loadAfter, int devices, String childHeap, List<DevicesBench.Run> runs) {
        StringBuilder md = new StringBuilder(BEGIN).append('\n');
        md.append("<!-- Written by the bench module (BenchMain devices); a new run replaces everything up to the end marker. -->\n\n");
        md.append("#### Latest devices run: ").append(started).append("\n\n");
        md.append(String.format(Locale.ROOT, "Machine: %d cores, %s, %s; benchmark JVM (sandbox) max heap %d MiB; each command in its own"
                        + " JVM with -Xmx%s; load average %.2f at the start, %.2f at the end. Fleet: %,d devices per MDM.%n%n",
                machine.cores(), machine.cpuModel(), machine.jdk(), machine.maxHeapBytes() >> 20, childHeap, machine.loadAverage(),
                loadAfter, devices));
        md.append("| MDM | command | load at start | exit | wall | requests (GET) | floor: published limits | floor: bare paging | wall / floor"
                + " (target ≤ 1.2) | CPU: command + sandbox / bare paging | devices out (unique / expected)"
                + " | peak heap before a GC (live after a GC) / committed | GCs |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (DevicesBench.Run r : runs) {
            String out = r.expectedDevices() < 0 ? String.format(Locale.ROOT, "%,d in waves (%s)", r.rows(), r.note())
                    : String.format(Locale.ROOT, "%,d (%,d / %,d)", r.rows(), r.uniqueDevices(), r.expectedDevices());
            md.append(String.format(Locale.ROOT, "| %s | `%s` | %.1f | %d | %.1f s | %,d (%,d) | %.1f s (%s) | %.1f s | %.2fx, **%s** | %.1f + %.1f s / %.1f s = %.2fx | %s | %d MiB (%d MiB) / %d MiB | %d |%n",
                    r.mdm(), r.command(), r.loadAtStart(), r.exitCode(), r.wallSeconds(), r.requests(), r.pages(), r.limitFloorSeconds(),
                    r.limitBinding(), r.replaySeconds(), r.ratio(), r.ratio() <= TARGET_RATIO ? "met" : "missed", r.commandCpuSeconds(), r.sandboxCpuSeconds(),
                    r.replayCpuSeconds(), r.cpuRatio(), out, r.peakHeapBytes() >> 20,
                    r.peakLiveBytes() >> 20, r.maxHeapBytes() >> 20, r.gcs()));
        }
        md.append('\n');
        for (DevicesBench.Run r : runs) {
            if (r.exitCode() != 0 || (r.expectedDevices() >= 0 && (r.rows() != r.expectedDevices() || r.uniqueDevices() != r.expectedDevices()))) {
                md.append(String.format(Locale.ROOT, "- %s `%s`: **incomplete** (exit %d, %,d rows, %,d unique, %,d expected) %s%n",
                        r.mdm(), r.command(), r.exitCode(), r.rows(), r.uniqueDevices(), r.expectedDevices(), r.note()));
            }
        }
        md.append(END);
        return md.toString();
    }
}
