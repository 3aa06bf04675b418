package io.scephub.hub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The body data rate applies only while a body is still to come: bytes that have arrived are never refused for it. */
class RequestBodiesTest {
    /** The monotonic clock the reader measures with, moved by the stream below. */
    private long nanos;

    @Test
    void aBodyWhoseBytesHaveArrivedIsReadWholeHoweverLateItsReaderRuns() throws Exception {
        // Two chunks already there, the reading thread starved for 5 s between them (a busy machine): 20 bytes in 5 s is
        // far under 256 bytes/s, yet nothing was waited for.
        Chunks in = new Chunks(true, 5, "{\"event\": ", "\"ping\"}   ");
        assertThat(new String(new RequestBodies(64 * 1024, () -> nanos).read(in, 20), StandardCharsets.US_ASCII))
                .isEqualTo("{\"event\": \"ping\"}   ");
        assertThat(new String(new RequestBodies(64 * 1024, () -> nanos).read(new Chunks(true, 5, "{\"a\":", "1}"), -1),
                StandardCharsets.US_ASCII)).as("a body of unknown length (chunked) too").isEqualTo("{\"a\":1}");
    }

    @Test
    void aBodyStillToComeIsRefusedWhenItCameSlowerThanTheMinimumRate() {
        // The next bytes must be waited for, and 1 byte came in 3 s.
        Chunks in = new Chunks(false, 3, "{", " ", "}");
        assertThatThrownBy(() -> new RequestBodies(64 * 1024, () -> nanos).read(in, 40)).isInstanceOfSatisfying(Problem.class,
                p -> assertThat(p.status()).isEqualTo(408));
    }

    @Test
    void aBodyStillToComeAtTheMinimumRateOrFasterIsRead() throws Exception {
        String kib = "x".repeat(1024);
        Chunks in = new Chunks(false, 1, kib, kib, kib);
        assertThat(new RequestBodies(64 * 1024, () -> nanos).read(in, 3 * 1024)).hasSize(3 * 1024);
    }

    @Test
    void aBodyLongerThanTheLimitIsCutAfterOneByteMore() throws Exception {
        assertThat(new RequestBodies(4, () -> nanos).read(new Chunks(true, 0, "0123456789"), -1)).hasSize(5);
    }

    /**
     * A request body as chunks; every read returns one and then moves the clock {@code secondsPerRead} on.
     * {@code arrived}: the next chunk is always {@code available()} (all of it is there), else none is until read.
     */
    private final class Chunks extends InputStream {
        private final Deque<byte[]> chunks = new ArrayDeque<>();
        private final boolean arrived;
        private final long secondsPerRead;

        Chunks(boolean arrived, long secondsPerRead, String... parts) {
            this.arrived = arrived;
            this.secondsPerRead = secondsPerRead;
            for (String part : parts) {
                chunks.add(part.getBytes(StandardCharsets.US_ASCII));
            }
        }

        @Override
        public int available() {
            return arrived && !chunks.isEmpty() ? chunks.peek().length : 0;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the reader reads arrays");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (chunks.isEmpty()) {
                return -1;
            }
            byte[] next = chunks.poll();
            int n = Math.min(len, next.length);
            System.arraycopy(next, 0, b, off, n);
            if (n < next.length) {
                chunks.push(java.util.Arrays.copyOfRange(next, n, next.length));
            }
            nanos += TimeUnit.SECONDS.toNanos(secondsPerRead);
            return n;
        }
    }
}
