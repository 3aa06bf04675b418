package io.scephub.core.http;

import io.scephub.core.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records every wait and moves the test clock instead of blocking. */
final class RecordingSleeper implements Sleeper {
    private final MutableClock clock;
    private final List<Duration> waits = new ArrayList<>();

    RecordingSleeper(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        waits.add(duration);
        clock.advance(duration);
    }

    synchronized List<Duration> waits() {
        return List.copyOf(waits);
    }
}
