package io.scephub.core.challenge;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link ReplayStore} for a single process (CLI, tests); not shared between instances. */
public final class InMemoryReplayStore implements ReplayStore {

    /** Purge every this many inserts so a store nobody purges cannot grow without bound. */
    private static final int PURGE_EVERY = 4096;

    private record UsedId(String issuer, String jti) {}

    private final Map<UsedId, Instant> used = new ConcurrentHashMap<>();
    private final AtomicInteger insertsSincePurge = new AtomicInteger();
    private final Clock clock;

    public InMemoryReplayStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean markUsed(String issuer, String jti, Instant expiresAt) {
        Instant now = clock.instant();
        boolean[] first = {false};
        // compute() runs atomically per key, so of two racing callers exactly one sees "first".
        used.compute(new UsedId(issuer, jti), (id, existing) -> {
            if (existing == null || existing.isBefore(now)) {
                first[0] = true;
                return expiresAt;
            }
            return existing;
        });
        if (first[0] && insertsSincePurge.incrementAndGet() >= PURGE_EVERY) {
            insertsSincePurge.set(0);
            purgeExpired(now);
        }
        return first[0];
    }

    @Override
    public int purgeExpired(Instant now) {
        int removed = 0;
        for (Map.Entry<UsedId, Instant> entry : used.entrySet()) {
            // remove(key, value) leaves a record alone that a concurrent markUsed just renewed.
            if (entry.getValue().isBefore(now) && used.remove(entry.getKey(), entry.getValue())) {
                removed++;
            }
        }
        return removed;
    }

    /** Number of live records, for tests and diagnostics. */
    public int size() {
        return used.size();
    }
}
