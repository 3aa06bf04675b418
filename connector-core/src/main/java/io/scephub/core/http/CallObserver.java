package io.scephub.core.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Hears about every vendor call {@link ResilientVendorHttp} makes, so the hub can turn calls into
 * metrics without this module depending on a metrics library. Everything it is given is a
 * bounded, secret-free value (vendor, HTTP method, status, exception class name, breaker state):
 * never a URL, path, header or body. Implementations must be thread-safe and should be quick;
 * whatever they throw is caught and logged, never passed to the connector.
 */
public interface CallObserver {

    /** A call finished, after all its attempts (and the waits between them). */
    void callFinished(FinishedCall call);

    /** An attempt failed and another one follows; called once per retry, before the wait. */
    void retrying(Retrying retry);

    /** A vendor's circuit breaker changed state (reported as {@code CLOSED} when its client is built). */
    void circuitStateChanged(String vendor, CircuitState state);

    /** An observer that ignores everything, for callers that export no metrics. */
    static CallObserver none() {
        return new CallObserver() {
            @Override
            public void callFinished(FinishedCall call) {
            }

            @Override
            public void retrying(Retrying retry) {
            }

            @Override
            public void circuitStateChanged(String vendor, CircuitState state) {
            }
        };
    }

    /**
     * One finished call.
     *
     * @param status the final HTTP status code as text ({@code "200"}), {@link #CIRCUIT_OPEN} when the
     *               breaker refused the call, or {@link #NETWORK_ERROR} when it ended in an exception
     * @param attempts attempts that reached the network (0 when the breaker refused the call)
     */
    record FinishedCall(String vendor, String method, String status, Duration duration, int attempts) {
        public static final String CIRCUIT_OPEN = "circuit_open";
        public static final String NETWORK_ERROR = "network_error";

        public FinishedCall {
            Objects.requireNonNull(vendor, "vendor");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(duration, "duration");
        }
    }

    /**
     * One retry about to happen.
     *
     * @param reason why the last attempt is retried: {@code http_429}, {@code http_503}, ... for a
     *               response, or the simple class name of the network exception ({@code SocketTimeoutException})
     * @param failedAttempt the number of the attempt that failed, 1 for the first
     */
    record Retrying(String vendor, String method, String reason, int failedAttempt) {
        public Retrying {
            Objects.requireNonNull(vendor, "vendor");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The states a vendor's circuit breaker can be in, as scephub configures it. */
    enum CircuitState { CLOSED, OPEN, HALF_OPEN }
}
