package io.scephub.core.http;

import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Retries one call with a Resilience4j {@link Retry}: 429 and 503 for every method (the server did
 * not process the request), 500/502/504 and network errors (resets, read timeouts) only for
 * idempotent requests — GET, HEAD, PUT, DELETE, OPTIONS and the POSTs the policy calls retry-safe —
 * and failures to connect for every method (nothing was sent). Any other POST that may have
 * reached the server is not resent: its outcome is unknown and the connector adopts what it
 * created on its next read instead of creating a duplicate. Waits the server's delay when it gives one —
 * never less — else exponential backoff with full jitter. A server delay longer than the policy's
 * {@code maxRetryAfter} (or past the call's deadline) ends the call at once with that response.
 * When attempts run out the last response is returned, or the last network error thrown.
 */
final class RetryInterceptor implements Interceptor {
    private static final RetryAfterSource STANDARD_RETRY_AFTER = RetryAfterSources.retryAfterHeader();
    private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    private final String vendor;
    private final HttpPolicy policy;
    private final RetryAfterSource retryAfter;
    private final Backoff backoff;
    private final Clock clock;
    private final Sleeper sleeper;
    private final CallLog log;
    private final CallObserver observer;

    RetryInterceptor(String vendor, HttpPolicy policy, RetryAfterSource retryAfter, Clock clock, Sleeper sleeper, CallLog log,
                     CallObserver observer) {
        this.vendor = vendor;
        this.policy = policy;
        this.retryAfter = retryAfter;
        this.backoff = new Backoff(policy.initialBackoff(), policy.maxBackoff());
        this.clock = clock;
        this.sleeper = sleeper;
        this.log = log;
        this.observer = observer;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        boolean replayable = request.body() == null || !request.body().isOneShot();
        boolean idempotent = replayable && (IDEMPOTENT_METHODS.contains(request.method())
                || ("POST".equals(request.method()) && policy.retrySafePost().test(request)));
        Instant deadline = policy.callTimeout().isZero() ? Instant.MAX : clock.instant().plus(policy.callTimeout());
        // The Retry is built per call because what may be retried depends on this request's method and deadline.
        Retry retry = Retry.of(vendor, RetryConfig.<Response>custom()
                .maxAttempts(policy.maxAttempts())
                .failAfterMaxAttempts(false)
                .retryOnResult(response -> replayable && shouldRetry(request, response, idempotent, deadline))
                .retryOnException(failure -> failure instanceof RetryableFailure)
                .consumeResultBeforeRetryAttempt((attempt, response) -> response.close())
                .intervalBiFunction((failedAttempts, outcome) -> waitBeforeNextAttempt(request, failedAttempts, outcome))
                .writableStackTraceEnabled(false)
                .build());
        CheckedSupplier<Response> attempt = () -> {
            try {
                return chain.proceed(request);
            } catch (IOException failure) {
                if (replayable && retryable(failure, idempotent, chain.call())) {
                    throw new RetryableFailure(failure);
                }
                throw failure;
            }
        };
        try {
            return retry.executeCheckedSupplier(attempt);
        } catch (RetryableFailure exhausted) {
            throw exhausted.failure();
        } catch (WaitInterrupted interrupted) {
            Thread.currentThread().interrupt();
            InterruptedIOException stopped = new InterruptedIOException(vendor + ": interrupted while waiting to retry");
            stopped.initCause(interrupted.getCause());
            throw stopped;
        } catch (IOException | RuntimeException | Error failure) {
            throw failure;
        } catch (Throwable unexpected) {
            throw new IOException(vendor + ": call failed: " + unexpected.getClass().getSimpleName(), unexpected);
        }
    }

    private boolean shouldRetry(Request request, Response response, boolean idempotent, Instant deadline) {
        int status = response.code();
        boolean retryableStatus = status == 429 || status == 503 || (idempotent && (status == 500 || status == 502 || status == 504));
        if (!retryableStatus) {
            return false;
        }
        Optional<Duration> asked = serverDelay(response);
        if (asked.isPresent() && asked.get().compareTo(policy.maxRetryAfter()) > 0) {
            log.warn("vendor={} method={} path={} status={} retryAfterMs={} maxRetryAfterMs={} outcome=not-retried"
                            + " reason=\"server asked to wait longer than maxRetryAfter\"",
                    vendor, request.method(), log.loggedPath(request.url()), status,
                    asked.get().toMillis(), policy.maxRetryAfter().toMillis());
            return false;
        }
        if (asked.isPresent() && clock.instant().plus(asked.get()).isAfter(deadline)) {
            log.warn("vendor={} method={} path={} status={} retryAfterMs={} callTimeoutMs={} outcome=not-retried"
                            + " reason=\"server asked to wait past the call timeout\"",
                    vendor, request.method(), log.loggedPath(request.url()), status,
                    asked.get().toMillis(), policy.callTimeout().toMillis());
            return false;
        }
        return true;
    }

    /**
     * The wait the server asked for: the vendor's own reading after a 429, the standard
     * {@code Retry-After} after a 503, none after 500/502/504. A vendor's quota-reset header (Okta's
     * {@code X-Rate-Limit-Reset}, sent on every answer) says when the rate window ends, which is no
     * reason to hold back the retry of a server error.
     */
    private Optional<Duration> serverDelay(Response response) {
        return switch (response.code()) {
            case 429 -> retryAfter.retryAfter(response, clock);
            case 503 -> STANDARD_RETRY_AFTER.retryAfter(response, clock);
            default -> Optional.empty();
        };
    }

    private static boolean retryable(IOException failure, boolean idempotent, Call call) {
        if (call.isCanceled() || Thread.currentThread().isInterrupted()) {
            return false;
        }
        boolean nothingSent = failure instanceof ConnectException || failure instanceof UnknownHostException
                || failure instanceof NoRouteToHostException;
        return nothingSent || idempotent;
    }

    /**
     * Resilience4j sleeps through one JVM-wide static function; the wait is spent here, through the
     * injected {@link Sleeper}, and Resilience4j is told to wait no further.
     */
    private Long waitBeforeNextAttempt(Request request, Integer failedAttempts, Either<Throwable, Response> outcome) {
        observer.retrying(new CallObserver.Retrying(vendor, request.method(), retryReason(outcome), failedAttempts));
        Duration wait = outcome.isRight()
                ? serverDelay(outcome.get()).orElseGet(() -> jittered(failedAttempts))
                : jittered(failedAttempts);
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException interrupted) {
            throw new WaitInterrupted(interrupted);
        }
        return 0L;
    }

    /** A bounded label: the status of the retried response, or the class of the network failure (never its message). */
    private static String retryReason(Either<Throwable, Response> outcome) {
        if (outcome.isRight()) {
            return "http_" + outcome.get().code();
        }
        Throwable failure = outcome.getLeft();
        if (failure instanceof RetryableFailure retryable) {
            failure = retryable.failure();
        }
        return failure.getClass().getSimpleName();
    }

    private Duration jittered(int failedAttempts) {
        return backoff.after(failedAttempts, ThreadLocalRandom.current());
    }

    /** Marks a network failure as worth another attempt; unwrapped before it leaves this class. */
    private static final class RetryableFailure extends IOException {
        RetryableFailure(IOException failure) {
            super(failure.getMessage(), failure);
        }

        IOException failure() {
            return (IOException) getCause();
        }
    }

    /** Carries an interrupted wait out of Resilience4j's interval function, which cannot throw checked exceptions. */
    private static final class WaitInterrupted extends RuntimeException {
        WaitInterrupted(InterruptedException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
