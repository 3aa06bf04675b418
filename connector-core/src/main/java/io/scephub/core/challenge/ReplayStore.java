package io.scephub.core.challenge;

import java.time.Instant;

/**
 * Remembers used challenge ids so each is accepted once. Implementations must make
 * {@link #markUsed} atomic across every verifier instance that shares the store (the hub's
 * JDBC store uses a primary key on {@code (issuer, jti)}).
 */
public interface ReplayStore {

    /**
     * Records {@code (issuer, jti)} as used until {@code expiresAt}.
     *
     * @return {@code true} if this call is the first use (or the earlier record has expired);
     *         {@code false} if the id is already recorded and still live: a replay
     */
    boolean markUsed(String issuer, String jti, Instant expiresAt);

    /**
     * Forgets records that expired before {@code now}; the hub calls it on a schedule.
     *
     * @return how many records were removed
     */
    int purgeExpired(Instant now);
}
