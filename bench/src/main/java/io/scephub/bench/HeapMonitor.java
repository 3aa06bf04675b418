package io.scephub.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap of this JVM while a phase runs: the highest heap use seen (sampled every 10 ms and just before each GC,
 * from the GC notifications) and the highest live heap (use right after a GC). The first depends on how lazily the
 * collector runs; the second is what the work actually holds.
 */
final class HeapMonitor implements AutoCloseable {
    private static final long SAMPLE_MILLIS = 10;

    /** The two peaks, in bytes, plus the use after a full GC before the phase started (the sandbox, the JVM). */
    record Peak(long usedBytes, long liveBytes, long baselineBytes, int gcs) {
    }

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong maxUsed = new AtomicLong();
    private final AtomicLong maxLive = new AtomicLong();
    private final AtomicLong gcs = new AtomicLong();
    private final List<Runnable> unregister = new ArrayList<>();
    private final Thread sampler;
    private final long baseline;
    private volatile boolean running = true;

    private HeapMonitor() {
        System.gc();
        baseline = memory.getHeapMemoryUsage().getUsed();
        maxUsed.set(baseline);
        maxLive.set(baseline);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                NotificationListener listener = this::onGc;
                emitter.addNotificationListener(listener, null, null);
                unregister.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (ListenerNotFoundException ignored) {
                        // Already gone: nothing to undo.
                    }
                });
            }
        }
        sampler = new Thread(() -> {
            while (running) {
                raise(maxUsed, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Runs a full GC for the baseline, then watches until {@link #stop()}. */
    static HeapMonitor start() {
        return new HeapMonitor();
    }

    private void onGc(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
        gcs.incrementAndGet();
        raise(maxUsed, heapTotal(info.getMemoryUsageBeforeGc()));
        raise(maxLive, heapTotal(info.getMemoryUsageAfterGc()));
    }

    private static long heapTotal(Map<String, MemoryUsage> pools) {
        long sum = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                MemoryUsage usage = pools.get(pool.getName());
                if (usage != null) {
                    sum += usage.getUsed();
                }
            }
        }
        return sum;
    }

    private static void raise(AtomicLong max, long value) {
        max.accumulateAndGet(value, Math::max);
    }

    Peak stop() {
        running = false;
        sampler.interrupt();
        unregister.forEach(Runnable::run);
        unregister.clear();
        return new Peak(maxUsed.get(), maxLive.get(), baseline, (int) gcs.get());
    }

    @Override
    public void close() {
        if (running) {
            stop();
        }
    }
}
