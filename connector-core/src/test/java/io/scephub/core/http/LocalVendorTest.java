package io.scephub.core.http;

import io.scephub.core.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test of the resilient client against a mock vendor on 127.0.0.1, on a clock that moves only
 * when the client sleeps (each wait is recorded).
 */
abstract class LocalVendorTest {
    final MutableClock clock;
    final RecordingSleeper sleeper;
    /** What the client reports its calls to (none unless a subclass passes one). */
    final CallObserver callObserver;
    final ResilientVendorHttp http;
    final MockWebServer server = new MockWebServer();

    LocalVendorTest(Instant start) {
        this.clock = new MutableClock(start);
        this.sleeper = new RecordingSleeper(clock);
        this.callObserver = null;
        this.http = new ResilientVendorHttp(clock, sleeper);
    }

    LocalVendorTest(Instant start, CallObserver observer) {
        this.clock = new MutableClock(start);
        this.sleeper = new RecordingSleeper(clock);
        this.callObserver = observer;
        this.http = new ResilientVendorHttp(clock, sleeper, observer);
    }

    @BeforeEach
    void startVendor() throws IOException {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stopVendor() throws IOException {
        server.shutdown();
    }
}
