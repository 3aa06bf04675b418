package io.scephub.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One-time challenge passwords of DYNAMIC SCEP configurations: the MDM fetches one from the
 * configuration's challenge URL (HTTP Basic with its username and password), the device presents
 * it once. Okta publishes no lifetime; 60 minutes follows Fleet's notes on Okta's dynamic challenge
 * (the NDES default), so it is modelled. Used and expired ones are remembered until they would have
 * expired, so a replay is told apart from a wrong value.
 */
final class DynamicChallenges {

    /** Modelled: Fleet's Okta dynamic-SCEP hand-off notes "Challenge TTL: 60 Minutes". */
    static final Duration LIFETIME = Duration.ofMinutes(60);

    enum Outcome { ACCEPTED, WRONG, USED, EXPIRED }

    private record Issued(String raId, Instant expires, boolean used) {
    }

    private final Ids ids;
    private final Map<String, Issued> issued = new HashMap<>();

    DynamicChallenges(Ids ids) {
        this.ids = ids;
    }

    /** A new challenge for {@code raId}, valid for {@link #LIFETIME} from {@code now}. */
    synchronized String issue(String raId, Instant now) {
        purge(now.minus(LIFETIME));
        String challenge = ids.base62(32);
        issued.put(challenge, new Issued(raId, now.plus(LIFETIME), false));
        return challenge;
    }

    /** Consumes {@code challenge} for {@code raId}: accepted once, within its lifetime. */
    synchronized Outcome consume(String raId, String challenge, Instant now) {
        Issued entry = challenge == null ? null : issued.get(challenge);
        if (entry == null || !entry.raId().equals(raId)) {
            return Outcome.WRONG;
        }
        if (entry.used()) {
            return Outcome.USED;
        }
        if (!now.isBefore(entry.expires())) {
            return Outcome.EXPIRED;
        }
        issued.put(challenge, new Issued(raId, entry.expires(), true));
        return Outcome.ACCEPTED;
    }

    synchronized void clear() {
        issued.clear();
    }

    private void purge(Instant before) {
        for (Iterator<Issued> it = issued.values().iterator(); it.hasNext(); ) {
            if (it.next().expires().isBefore(before)) {
                it.remove();
            }
        }
    }
}
