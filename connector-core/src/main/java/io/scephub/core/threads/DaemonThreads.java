package io.scephub.core.threads;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread factory of every pool scephub starts: daemon threads, so that a pool nobody shut down never keeps a command's
 * JVM alive, each named for what it does (the name shows in thread dumps, profiles and the benchmarks' CPU breakdown).
 */
public final class DaemonThreads implements ThreadFactory {
    private final String name;
    private final boolean numbered;
    private final AtomicInteger count = new AtomicInteger();

    private DaemonThreads(String name, boolean numbered) {
        this.name = name;
        this.numbered = numbered;
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, ... in the order they start. */
    public static ThreadFactory numbered(String prefix) {
        return new DaemonThreads(prefix, true);
    }

    /** Threads all named {@code name}: for a pool of one thread. */
    public static ThreadFactory named(String name) {
        return new DaemonThreads(name, false);
    }

    @Override
    public Thread newThread(Runnable work) {
        Thread thread = new Thread(work, numbered ? name + "-" + count.incrementAndGet() : name);
        thread.setDaemon(true);
        return thread;
    }
}
