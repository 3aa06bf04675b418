package io.scephub.hub.server;

import io.javalin.config.JettyConfig;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * How the server reads request bodies so that slow senders cannot stall it: while a body is still to come it must
 * keep arriving at {@link #MIN_BYTES_PER_SECOND} (else 408), a silent connection is closed after {@link #IDLE_TIMEOUT},
 * and at most {@link #MAX_CONCURRENT_READS} requests wait for their bodies at once — the next one is answered 429 at
 * once, so threads stay free for {@code /healthz}, {@code /readyz} and everyone else. The rate is checked here rather
 * than by Jetty's {@code minRequestDataRate}, which counts from the first byte to each read of the application: a small
 * body that had long arrived whole was refused when the reading thread ran late on a busy machine. Here only the time
 * spent waiting for the sender counts, and a body is refused only before waiting for bytes that have not arrived.
 */
final class RequestBodies {
    /** Far below any real client (a whole body usually comes in one packet), far above a byte every few seconds. */
    static final long MIN_BYTES_PER_SECOND = 256;
    /** A connection silent this long (no request, or a stalled body) is closed. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    /** Threads waiting for bodies at most; the pool has {@link #MAX_THREADS}, so most stay free for other requests. */
    static final int MAX_CONCURRENT_READS = 32;
    static final int MAX_THREADS = 200;
    private static final int MIN_THREADS = 8;
    /** What a body of unknown length (chunked) is first read into. */
    private static final int FIRST_BUFFER = 8 * 1024;

    private final int maxBytes;
    private final LongSupplier nanoTime;
    private final Semaphore reading = new Semaphore(MAX_CONCURRENT_READS);

    RequestBodies(int maxBytes) {
        this(maxBytes, System::nanoTime);
    }

    /** {@code nanoTime} is the monotonic clock the rate is measured with (a test's own). */
    RequestBodies(int maxBytes, LongSupplier nanoTime) {
        this.maxBytes = maxBytes;
        this.nanoTime = nanoTime;
    }

    /** How many requests hold a reader now, i.e. are sending their bodies. */
    int readingNow() {
        return MAX_CONCURRENT_READS - reading.availablePermits();
    }

    /** Applies the limits to Javalin's Jetty: thread pool, idle timeout; Jetty's own body data rate is off (see above). */
    static void configure(JettyConfig jetty, String host, int port) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("scephub-http");
        jetty.threadPool = threads;
        jetty.modifyHttpConfiguration(http -> http.setMinRequestDataRate(0));
        jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(host);
            connector.setPort(port);
            connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
            return connector;
        });
    }

    /**
     * The body: 413 when it declares or has more than {@code maxBytes}, 429 when {@link #MAX_CONCURRENT_READS} bodies are
     * being read already, 408 when it arrives too slowly.
     */
    byte[] read(Context ctx) {
        return read(ctx.req(), ctx.res());
    }

    /** As {@link #read(Context)}, for a route served below Javalin. */
    byte[] read(HttpServletRequest req, HttpServletResponse res) {
        if (req.getContentLengthLong() > maxBytes) {
            throw Problem.tooLarge(maxBytes);
        }
        byte[] body = readWithinLimits(req, res);
        if (body.length > maxBytes) {
            throw Problem.tooLarge(maxBytes);
        }
        return body;
    }

    private byte[] readWithinLimits(HttpServletRequest req, HttpServletResponse res) {
        if (!reading.tryAcquire()) {
            res.setHeader("Retry-After", "1");
            throw new Problem(429, "too-many-requests", "Too many requests", "more than " + MAX_CONCURRENT_READS
                    + " requests are sending their bodies right now; retry in a second");
        }
        try (InputStream in = req.getInputStream()) {
            return read(in, req.getContentLengthLong());
        } catch (IOException | RuntimeException e) {
            // Jetty reports a silent connection (idle timeout) as a TimeoutException or a 408, thrown as is or wrapped.
            if (e instanceof Problem p) {
                throw p;
            }
            if (isTimeout(e)) {
                throw tooSlow();
            }
            if (e instanceof RuntimeException r && !(r instanceof HttpException)) {
                throw r;
            }
            throw Problem.badRequest("the request body could not be read");
        } finally {
            reading.release();
        }
    }

    /**
     * Reads {@code in} to its end or to {@code declared} bytes (a declared length Jetty delivers no more than), at most
     * {@code maxBytes} + 1. Before each wait for bytes not yet arrived, a body of which fewer than
     * {@link #MIN_BYTES_PER_SECOND} per second spent waiting for it have come is refused (408); a body whose bytes have
     * all arrived is read whole however late the reading thread runs.
     */
    byte[] read(InputStream in, long declared) throws IOException {
        int limit = declared >= 0 && declared <= maxBytes ? (int) declared : maxBytes + 1;
        // A declared length is read into an array of that size; only a body of unknown length grows its buffer.
        byte[] body = new byte[declared >= 0 ? limit : Math.min(limit, FIRST_BUFFER)];
        int total = 0;
        // Only time spent waiting for the sender counts: not the reading thread's own delays between reads.
        long waited = 0;
        while (total < limit) {
            boolean mustWait = in.available() == 0;
            if (mustWait && arrivedTooSlowly(total, waited)) {
                throw tooSlow();
            }
            if (total == body.length) {
                body = Arrays.copyOf(body, (int) Math.min(limit, 2L * body.length));
            }
            long before = nanoTime.getAsLong();
            int n = in.read(body, total, body.length - total);
            if (mustWait) {
                waited += nanoTime.getAsLong() - before;
            }
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total == body.length ? body : Arrays.copyOf(body, total);
    }

    private static boolean arrivedTooSlowly(long bytes, long nanos) {
        return bytes < MIN_BYTES_PER_SECOND * TimeUnit.NANOSECONDS.toMillis(nanos) / 1000;
    }

    private static Problem tooSlow() {
        return new Problem(408, "request-timeout", "Request timeout", "the request body arrived too slowly (under "
                + MIN_BYTES_PER_SECOND + " bytes/s, or nothing for " + IDLE_TIMEOUT.toSeconds() + " s); send it at once");
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || (t instanceof HttpException h && h.getCode() == 408)) {
                return true;
            }
        }
        return false;
    }
}
