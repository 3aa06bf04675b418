package io.scephub.core.renewal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The record of every device scephub asked to enrol again, kept across runs: the rings count it against the
 * budget and the re-push bound. Implementations are thread-safe.
 */
public interface ReenrolmentLog {

    /** One device pushed for one enrollment at {@code at}. */
    record Push(String enrollment, String deviceId, Instant at) {
    }

    /** The pushes of {@code enrollment} at or after {@code since}, oldest first. */
    List<Push> since(String enrollment, Instant since);

    /** Records that {@code deviceIds} were pushed for {@code enrollment} at {@code at}. */
    void record(String enrollment, Collection<String> deviceIds, Instant at);

    /** A log in memory (tests, and runs without a state store). */
    static ReenrolmentLog inMemory() {
        List<Push> pushes = new ArrayList<>();
        return new ReenrolmentLog() {
            @Override
            public synchronized List<Push> since(String enrollment, Instant since) {
                return pushes.stream().filter(p -> p.enrollment().equals(enrollment) && !p.at().isBefore(since)).toList();
            }

            @Override
            public synchronized void record(String enrollment, Collection<String> deviceIds, Instant at) {
                deviceIds.forEach(d -> pushes.add(new Push(enrollment, d, at)));
            }
        };
    }
}
