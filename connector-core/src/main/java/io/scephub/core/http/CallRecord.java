package io.scephub.core.http;

import java.util.concurrent.atomic.AtomicInteger;

/** Per-call facts the outer call logger shares with the inner attempt logger, carried as a request tag. */
final class CallRecord {
    private final AtomicInteger attempts = new AtomicInteger();

    int startAttempt() {
        return attempts.incrementAndGet();
    }

    int attempts() {
        return attempts.get();
    }
}
