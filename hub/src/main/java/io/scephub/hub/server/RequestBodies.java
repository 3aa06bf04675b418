package io.scephub.hub.server;

import io.javalin.config.JettyConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * How the server reads request bodies so that slow senders cannot stall it: a body must keep
 * arriving at {@link #MIN_BYTES_PER_SECOND} (Jetty cuts it off with 408), a silent connection is
 * closed after {@link #IDLE_TIMEOUT}, and at most {@link #MAX_CONCURRENT_READS} requests wait for
 * their bodies at once — the next one is answered 429 at once, so threads stay free for
 * {@code /healthz}, {@code /readyz} and everyone else.
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

    private final int maxBytes;
    private final Semaphore reading = new Semaphore(MAX_CONCURRENT_READS);

    RequestBodies(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Applies the limits to Javalin's Jetty: thread pool, idle timeout, minimum body data rate. */
    static void configure(JettyConfig jetty, String host, int port) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("scephub-http");
        jetty.threadPool = threads;
        jetty.modifyHttpConfiguration(http -> http.setMinRequestDataRate(MIN_BYTES_PER_SECOND));
        jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(host);
            connector.setPort(port);
            connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
            return connector;
        });
    }

    /**
     * The body, at most {@code maxBytes} + 1 bytes (the caller tells too large from the length).
     * 429 when {@link #MAX_CONCURRENT_READS} bodies are being read already; 408 when it arrives too slowly.
     */
    byte[] read(Context ctx) {
        if (!reading.tryAcquire()) {
            ctx.header("Retry-After", "1");
            throw new Problem(429, "too-many-requests", "Too many requests", "more than " + MAX_CONCURRENT_READS
                    + " requests are sending their bodies right now; retry in a second");
        }
        // A declared length (Jetty delivers no more than it) is read into an array of that size; readNBytes(maxBytes + 1)
        // allocated an 8 KiB chunk per body and copied it down to the body's length.
        long declared = ctx.req().getContentLengthLong();
        int limit = declared >= 0 && declared <= maxBytes ? (int) declared : maxBytes + 1;
        try (InputStream in = ctx.req().getInputStream()) {
            return in.readNBytes(limit);
        } catch (IOException | RuntimeException e) {
            // Jetty reports a too-slow body as a BadMessageException (408), thrown as is or inside an IOException.
            if (isTimeout(e)) {
                throw new Problem(408, "request-timeout", "Request timeout", "the request body arrived too slowly (under "
                        + MIN_BYTES_PER_SECOND + " bytes/s, or nothing for " + IDLE_TIMEOUT.toSeconds() + " s); send it at once");
            }
            if (e instanceof RuntimeException r && !(r instanceof HttpException)) {
                throw r;
            }
            throw Problem.badRequest("the request body could not be read");
        } finally {
            reading.release();
        }
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
