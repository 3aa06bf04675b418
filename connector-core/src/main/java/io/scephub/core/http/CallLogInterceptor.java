package io.scephub.core.http;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.event.Level;

/**
 * Outermost link: one INFO line per call, after all retries, with the number of attempts it took,
 * and the same call reported once to the {@link CallObserver}.
 */
final class CallLogInterceptor implements Interceptor {
    private final String vendor;
    private final CallLog log;
    private final CallObserver observer;
    private final Clock clock;

    CallLogInterceptor(String vendor, CallLog log, CallObserver observer, Clock clock) {
        this.vendor = vendor;
        this.log = log;
        this.observer = observer;
        this.clock = clock;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        CallRecord record = new CallRecord();
        Request request = chain.request().newBuilder().tag(CallRecord.class, record).build();
        Instant started = clock.instant();
        try {
            Response response = chain.proceed(request);
            Duration took = Duration.between(started, clock.instant());
            log.responded(Level.INFO, request, response, took, record.attempts());
            observer.callFinished(new CallObserver.FinishedCall(vendor, request.method(), String.valueOf(response.code()),
                    took, record.attempts()));
            return response;
        } catch (IOException | RuntimeException failure) {
            Duration took = Duration.between(started, clock.instant());
            log.failed(Level.INFO, request, failure, took, record.attempts());
            String status = failure instanceof CircuitOpenException
                    ? CallObserver.FinishedCall.CIRCUIT_OPEN : CallObserver.FinishedCall.NETWORK_ERROR;
            observer.callFinished(new CallObserver.FinishedCall(vendor, request.method(), status, took, record.attempts()));
            throw failure;
        }
    }
}
