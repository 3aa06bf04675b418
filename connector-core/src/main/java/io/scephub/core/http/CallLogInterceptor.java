package io.scephub.core.http;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.event.Level;

/** Outermost link: one INFO line per call, after all retries, with the number of attempts it took. */
final class CallLogInterceptor implements Interceptor {
    private final CallLog log;
    private final Clock clock;

    CallLogInterceptor(CallLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        CallRecord record = new CallRecord();
        Request request = chain.request().newBuilder().tag(CallRecord.class, record).build();
        Instant started = clock.instant();
        try {
            Response response = chain.proceed(request);
            log.responded(Level.INFO, request, response, Duration.between(started, clock.instant()), record.attempts());
            return response;
        } catch (IOException | RuntimeException failure) {
            log.failed(Level.INFO, request, failure, Duration.between(started, clock.instant()), record.attempts());
            throw failure;
        }
    }
}
