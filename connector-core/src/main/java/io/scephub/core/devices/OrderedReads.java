package io.scephub.core.devices;

import io.scephub.core.threads.DaemonThreads;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one vendor read per item on up to {@code parallel} threads and hands the results to a sink in the items'
 * order, with at most {@code window} items read ahead: a device list of any length streams in bounded memory, in
 * the order the vendor listed it, while a few reads are in flight at once (each connector keeps the number within
 * what its vendor allows). A read's failure is rethrown, unchanged, when its turn comes; the rest are cancelled.
 */
public final class OrderedReads<T, R> implements AutoCloseable {
    private final ExecutorService pool;
    private final Function<T, R> read;
    private final Consumer<R> sink;
    private final int window;
    private final Deque<Future<R>> inFlight = new ArrayDeque<>();

    public OrderedReads(int parallel, int window, String name, Function<T, R> read, Consumer<R> sink) {
        if (parallel < 1 || window < parallel) {
            throw new IllegalArgumentException("need parallel >= 1 and window >= parallel, got " + parallel + " and " + window);
        }
        this.pool = Executors.newFixedThreadPool(parallel, DaemonThreads.numbered(name));
        this.read = Objects.requireNonNull(read, "read");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.window = window;
    }

    /** Starts reading {@code item}; first hands the oldest result to the sink when {@code window} reads are pending. */
    public void submit(T item) {
        while (inFlight.size() >= window) {
            sink.accept(next());
        }
        inFlight.add(pool.submit(() -> read.apply(item)));
    }

    /** Hands every pending result to the sink, in order. */
    public void finish() {
        while (!inFlight.isEmpty()) {
            sink.accept(next());
        }
    }

    private R next() {
        Future<R> head = inFlight.poll();
        try {
            return head.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading from the vendor", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (CancellationException e) {
            throw new IllegalStateException("a vendor read was cancelled", e);
        }
    }

    /** Cancels what is still in flight (after a failure) and stops the threads. */
    @Override
    public void close() {
        inFlight.forEach(f -> f.cancel(true));
        inFlight.clear();
        pool.shutdownNow();
    }
}
