package io.scephub.core.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import okhttp3.Request;

/**
 * Fixed windows a vendor counts per bucket and reports on every response (Okta: per endpoint family,
 * per calendar minute, {@code X-Rate-Limit-Limit/-Remaining/-Reset}). The client starts from each
 * bucket's published permits and then follows what the server says is left and when it resets.
 *
 * @param window length of one window; windows start at whole multiples of it since the epoch, so a
 *        60 s window is the calendar minute
 * @param headers the response headers that report a bucket's limit, what is left, and its reset
 * @param buckets the bucket a request counts against; empty: none (not limited here)
 */
public record QuotaWindows(Duration window, QuotaHeaders headers, Function<Request, Optional<Bucket>> buckets) {

    public QuotaWindows {
        Objects.requireNonNull(window, "quota window");
        Objects.requireNonNull(headers, "quota headers");
        Objects.requireNonNull(buckets, "quota buckets");
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("quota window must be at least 1 ms, was " + window);
        }
    }

    /**
     * One bucket: what it is called (log lines, errors) and the permits per window assumed until the
     * server reports its own limit.
     */
    public record Bucket(String name, int permits) {
        public Bucket {
            Objects.requireNonNull(name, "quota bucket name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("quota bucket: name must not be blank");
            }
            if (permits < 1) {
                throw new IllegalArgumentException("quota bucket " + name + ": permits must be at least 1, was " + permits);
            }
        }
    }
}
