package io.scephub.core.http;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.functions.CheckedSupplier;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Guards a vendor with a Resilience4j {@link CircuitBreaker} (5xx answers and network failures
 * count against it; 4xx, 429 included, do not). While open, calls fail at once with a
 * {@link CircuitOpenException} that says when the breaker will let a trial call through.
 */
final class CircuitBreakerInterceptor implements Interceptor {
    private final String vendor;
    private final CircuitBreaker breaker;
    private final Clock clock;
    private final Duration openDuration;
    private volatile Instant openedAt;

    CircuitBreakerInterceptor(String vendor, CircuitBreaker breaker, Clock clock, Duration openDuration) {
        this.vendor = vendor;
        this.breaker = breaker;
        this.clock = clock;
        this.openDuration = openDuration;
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt = clock.instant();
            }
        });
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        CheckedSupplier<Response> guarded = CircuitBreaker.decorateCheckedSupplier(breaker, () -> chain.proceed(chain.request()));
        try {
            return guarded.get();
        } catch (CallNotPermittedException refused) {
            throw new CircuitOpenException(vendor, retryAt(), clock.instant());
        } catch (IOException | RuntimeException | Error failure) {
            throw failure;
        } catch (Throwable unexpected) {
            throw new IOException(vendor + ": call failed: " + unexpected.getClass().getSimpleName(), unexpected);
        }
    }

    /** Only an open breaker has a known time; a half-open one waits for its trial call. */
    private Instant retryAt() {
        Instant opened = openedAt;
        return breaker.getState() == CircuitBreaker.State.OPEN && opened != null ? opened.plus(openDuration) : null;
    }

    static boolean isFailure(Object result) {
        return result instanceof Response response && response.code() >= 500;
    }
}
