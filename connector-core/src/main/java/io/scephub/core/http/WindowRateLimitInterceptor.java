package io.scephub.core.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Client-side sliding-window rate limits as vendors publish them ("100 writes per 20 s"): each
 * attempt waits (through the {@link Sleeper}) until its {@link RequestCost} fits every window.
 * A slot is stamped again when the response arrives, because the vendor counts the request when
 * it receives it — stamping only the send time would free the slot a little too early.
 */
final class WindowRateLimitInterceptor implements Interceptor {
    private final String vendor;
    private final List<Window> windows;
    private final RequestCostFunction cost;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration maxWait;

    WindowRateLimitInterceptor(String vendor, List<RateLimitWindow> windows, RequestCostFunction cost, Clock clock,
                               Sleeper sleeper, Duration maxWait) {
        this.vendor = vendor;
        this.windows = windows.stream().map(Window::new).toList();
        this.cost = cost;
        this.clock = clock;
        this.sleeper = sleeper;
        this.maxWait = maxWait;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        RequestCost charge = cost.of(request);
        long giveUpAt = nanos() + maxWait.toNanos();
        List<Slot> slots = acquire(charge, giveUpAt);
        try {
            return chain.proceed(request);
        } finally {
            synchronized (this) {
                long now = nanos();
                slots.forEach(slot -> slot.atNanos = Math.max(slot.atNanos, now));
            }
        }
    }

    private List<Slot> acquire(RequestCost charge, long giveUpAt) throws IOException {
        while (true) {
            long waitNanos;
            Window blocking = null;
            synchronized (this) {
                long now = nanos();
                waitNanos = 0;
                for (Window window : windows) {
                    long wait = window.waitNanos(amount(window, charge), now);
                    if (wait > waitNanos) {
                        waitNanos = wait;
                        blocking = window;
                    }
                }
                if (waitNanos == 0) {
                    List<Slot> slots = new ArrayList<>(windows.size());
                    for (Window window : windows) {
                        int amount = amount(window, charge);
                        if (amount > 0) {
                            slots.add(window.take(amount, now));
                        }
                    }
                    return slots;
                }
                if (now + waitNanos > giveUpAt) {
                    throw new IOException(vendor + ": client-side rate limit '" + blocking.spec.name() + "' ("
                            + blocking.spec.permits() + (blocking.spec.writesOnly() ? " writes" : " requests")
                            + " per " + blocking.spec.window().toMillis() + " ms) has no room within "
                            + maxWait.toMillis() + " ms (lower the request volume or raise the limit)");
                }
            }
            try {
                sleeper.sleep(Duration.ofNanos(waitNanos));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(vendor + ": interrupted while waiting for the rate limit");
            }
        }
    }

    private static int amount(Window window, RequestCost charge) {
        return window.spec.writesOnly() ? charge.writes() : charge.requests();
    }

    private long nanos() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Permits taken in one window at one time; its time moves to the response's arrival. */
    private static final class Slot {
        long atNanos;
        final int amount;

        Slot(long atNanos, int amount) {
            this.atNanos = atNanos;
            this.amount = amount;
        }
    }

    /** One window's taken slots; guarded by the interceptor's lock. */
    private static final class Window {
        final RateLimitWindow spec;
        final long windowNanos;
        final List<Slot> slots = new ArrayList<>();

        Window(RateLimitWindow spec) {
            this.spec = spec;
            this.windowNanos = spec.window().toNanos();
        }

        /** How long until {@code amount} more fits; a charge above the whole window waits for an empty window. */
        long waitNanos(int amount, long now) {
            slots.removeIf(slot -> slot.atNanos + windowNanos <= now);
            if (amount == 0) {
                return 0;
            }
            int need = Math.min(amount, spec.permits());
            int used = slots.stream().mapToInt(slot -> slot.amount).sum();
            if (used + need <= spec.permits()) {
                return 0;
            }
            List<Slot> byExpiry = new ArrayList<>(slots);
            byExpiry.sort((a, b) -> Long.compare(a.atNanos, b.atNanos));
            int freed = 0;
            for (Slot slot : byExpiry) {
                freed += slot.amount;
                if (used - freed + need <= spec.permits()) {
                    return Math.max(1, slot.atNanos + windowNanos - now);
                }
            }
            return windowNanos;
        }

        Slot take(int amount, long now) {
            Slot slot = new Slot(now, amount);
            slots.add(slot);
            return slot;
        }
    }
}
