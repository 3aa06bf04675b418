package io.scephub.core.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each attempt inside the vendor's fixed per-bucket windows ({@link QuotaWindows}). A bucket
 * allows its permits until the window resets; an attempt that finds it full waits until that reset
 * — the calendar boundary, or the {@code Reset} the server announced — not a sliding window later.
 * Every response with the quota headers steers the bucket: the server's limit replaces the published
 * one, its reset moves the window's end, and requests it counted that this client did not send (other
 * integrations on the same org) take their share of the window.
 */
final class QuotaWindowInterceptor implements Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger(QuotaWindowInterceptor.class);

    private final String vendor;
    private final QuotaWindows quotas;
    private final long windowMillis;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration maxWait;
    /** Guarded by this. */
    private final Map<String, BucketState> buckets = new HashMap<>();

    QuotaWindowInterceptor(String vendor, QuotaWindows quotas, Clock clock, Sleeper sleeper, Duration maxWait) {
        this.vendor = vendor;
        this.quotas = quotas;
        this.windowMillis = quotas.window().toMillis();
        this.clock = clock;
        this.sleeper = sleeper;
        this.maxWait = maxWait;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Optional<QuotaWindows.Bucket> bucket = quotas.buckets().apply(request);
        if (bucket.isEmpty()) {
            return chain.proceed(request);
        }
        Ticket ticket = acquire(bucket.get(), clock.millis() + maxWait.toMillis());
        Response response = chain.proceed(request);
        steer(ticket, response);
        return response;
    }

    private Ticket acquire(QuotaWindows.Bucket bucket, long giveUpAt) throws IOException {
        while (true) {
            long waitMillis;
            synchronized (this) {
                long now = clock.millis();
                BucketState state = buckets.computeIfAbsent(bucket.name(), name -> new BucketState(name, bucket.permits()));
                if (now >= state.windowEnd) {
                    state.roll(calendarEnd(now));
                }
                if (state.sent + state.foreign < state.limit) {
                    state.sent++;
                    return new Ticket(state, state.generation);
                }
                waitMillis = state.windowEnd - now;
                if (now + waitMillis > giveUpAt) {
                    throw new IOException(vendor + ": quota bucket '" + bucket.name() + "' (" + state.limit + " per "
                            + windowMillis + " ms window) is used up and resets only in " + waitMillis + " ms, beyond "
                            + maxWait.toMillis() + " ms (lower the request volume or raise the limit)");
                }
            }
            try {
                sleeper.sleep(Duration.ofMillis(waitMillis));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(vendor + ": interrupted while waiting for quota bucket '" + bucket.name() + "'");
            }
        }
    }

    private void steer(Ticket ticket, Response response) {
        OptionalLong limit = number(response.header(quotas.headers().limit()));
        OptionalLong remaining = number(response.header(quotas.headers().remaining()));
        OptionalLong reset = number(response.header(quotas.headers().resetEpochSeconds()));
        if (limit.isEmpty() || remaining.isEmpty() || reset.isEmpty() || limit.getAsLong() < 1) {
            return;
        }
        synchronized (this) {
            BucketState state = ticket.state;
            if (ticket.generation != state.generation) {
                // The answer belongs to a window that has since reset; what it says is about that window.
                return;
            }
            long now = clock.millis();
            state.limit = (int) Math.min(Integer.MAX_VALUE, limit.getAsLong());
            // The server had counted (limit - remaining) when it answered. Of those, at most the attempts sent so far are
            // ours (parallel attempts reach it in any order), so the rest came from other clients of the same org.
            long counted = limit.getAsLong() - Math.max(0, remaining.getAsLong());
            state.foreign = (int) Math.max(state.foreign, Math.min(Integer.MAX_VALUE, counted - state.sent));
            long resetAt = reset.getAsLong() * 1000;
            // A window cannot end more than one window from now; a later reset is a wrong header, not a longer wait.
            long end = Math.min(resetAt, now + windowMillis);
            if (end > now && end != state.windowEnd) {
                state.windowEnd = end;
            }
            if (state.sent + state.foreign >= state.limit) {
                LOG.debug("vendor={} quota=\"{}\" limit={} remaining={} waitsUntil={}", vendor, state.name,
                        state.limit, remaining.getAsLong(), java.time.Instant.ofEpochMilli(state.windowEnd));
            }
        }
    }

    private long calendarEnd(long nowMillis) {
        return Math.floorDiv(nowMillis, windowMillis) * windowMillis + windowMillis;
    }

    private static OptionalLong number(String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException notANumber) {
            return OptionalLong.empty();
        }
    }

    /** One bucket's current window; guarded by the interceptor's lock. */
    private static final class BucketState {
        int limit;
        long windowEnd = Long.MIN_VALUE;
        long generation;
        /** Attempts this client sent in the window. */
        int sent;
        /** Requests the server counted in the window that this client did not send. */
        int foreign;
        final String name;

        BucketState(String name, int permits) {
            this.name = name;
            this.limit = permits;
        }

        void roll(long end) {
            windowEnd = end;
            generation++;
            sent = 0;
            foreign = 0;
        }
    }

    /** An attempt's bucket and the window it was sent in. */
    private record Ticket(BucketState state, long generation) {
    }
}
