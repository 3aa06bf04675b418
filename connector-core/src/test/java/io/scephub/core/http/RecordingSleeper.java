package io.scephub.core.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records every wait and moves the test clock instead of blocking. */
final class RecordingSleeper implements Sleeper {
    private final TestClock clock;
    private final List<Duration> waits = new ArrayList<>();

    RecordingSleeper(TestClock clock) {
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
