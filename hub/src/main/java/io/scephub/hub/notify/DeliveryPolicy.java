package io.scephub.hub.notify;

import io.scephub.core.http.Backoff;
import java.time.Duration;

/**
 * How hard a webhook is tried: at most {@code maxAttempts} POSTs, each bounded by {@code timeout},
 * with jittered exponential backoff between them, so one notice costs at most about
 * {@code maxAttempts * timeout + backoff} and never blocks a sync for long.
 */
public record DeliveryPolicy(int maxAttempts, Duration connectTimeout, Duration timeout, Backoff backoff) {
    /** 4 attempts over about 15 s of waiting (1, 2, 4 s ... up to 8 s apart), 5 s to connect, 10 s per request. */
    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(4, Duration.ofSeconds(5), Duration.ofSeconds(10),
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8)));

    public DeliveryPolicy {
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts must be 1 to 10: " + maxAttempts);
        }
    }
}
