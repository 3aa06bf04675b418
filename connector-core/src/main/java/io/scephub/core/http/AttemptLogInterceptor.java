package io.scephub.core.http;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.event.Level;

/** Sits inside the retry: counts attempts for the call line and writes one DEBUG line per attempt. */
final class AttemptLogInterceptor implements Interceptor {
    private final CallLog log;
    private final Clock clock;

    AttemptLogInterceptor(CallLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        CallRecord record = request.tag(CallRecord.class);
        int attempt = record == null ? 1 : record.startAttempt();
        Instant started = clock.instant();
        try {
            Response response = chain.proceed(request);
            log.responded(Level.DEBUG, request, response, Duration.between(started, clock.instant()), attempt);
            return response;
        } catch (IOException | RuntimeException failure) {
            log.failed(Level.DEBUG, request, failure, Duration.between(started, clock.instant()), attempt);
            throw failure;
        }
    }
}
