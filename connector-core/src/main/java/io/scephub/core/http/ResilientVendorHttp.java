package io.scephub.core.http;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * The {@link VendorHttp} every connector uses: OkHttp clients sharing one dispatcher, each with its
 * own connection pool, the policy's timeouts and this interceptor chain, outermost first:
 * call log (one redacted INFO line per call) → circuit breaker → retry → attempt log (DEBUG) →
 * rate limiters (even spacing, then the vendor's published windows, each attempt charged its
 * {@link RequestCost}, then the fixed per-bucket {@link QuotaWindows} the vendor's headers steer)
 * → the connector's own interceptors (auth, vendor headers) → network.
 * A {@link CallObserver} hears of every call, retry and breaker change, for the hub's metrics.
 * The policy's {@code callTimeout} bounds a whole call, retry waits included.
 */
public final class ResilientVendorHttp implements VendorHttp, AutoCloseable {

    /** Logger that receives the per-call (INFO) and per-attempt (DEBUG) lines. */
    public static final String CALL_LOGGER = "io.scephub.http.calls";

    /**
     * Idle connections kept for reuse by one client (one connector's calls to its vendor, for one tenant). Each client has
     * its own pool: OkHttp looks for a reusable connection by walking its whole pool on every call, so one pool shared by
     * 100 tenants' clients (256 idle connections, each tenant's useless to the others, whose hosts differ) cost every call a
     * walk over all of them. A per-client pool also keeps one tenant's connections from evicting another's.
     */
    static final int MAX_IDLE_CONNECTIONS = 16;
    /** How long an idle connection is kept: OkHttp's default. */
    static final java.time.Duration KEEP_ALIVE = java.time.Duration.ofMinutes(5);

    private final Clock clock;
    private final Sleeper sleeper;
    private final CallObserver observer;
    private final Redactor redactor = new Redactor();
    private final OkHttpClient shared;
    /** Every client's pool, so {@link #close()} can drop their idle connections; a pool goes when its client is collected. */
    private final java.util.Set<ConnectionPool> pools = java.util.Collections.synchronizedSet(
            java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

    /** Tells {@code observer} about every call, retry and circuit breaker change (for metrics). */
    public ResilientVendorHttp(Clock clock, Sleeper sleeper, CallObserver observer) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.observer = new GuardedCallObserver(observer);
        // Retries are decided in one place (RetryInterceptor); OkHttp's own silent retry could resend a POST.
        this.shared = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    }

    /** No observer. */
    public ResilientVendorHttp(Clock clock, Sleeper sleeper) {
        this(clock, sleeper, CallObserver.none());
    }

    /** Real waits, no observer. */
    public ResilientVendorHttp(Clock clock) {
        this(clock, Sleeper.threadSleep());
    }

    /** Real waits, calls reported to {@code observer}. */
    public ResilientVendorHttp(Clock clock, CallObserver observer) {
        this(clock, Sleeper.threadSleep(), observer);
    }

    @Override
    public OkHttpClient client(String vendor, HttpPolicy policy, RetryAfterSource retryAfter, List<Interceptor> interceptors) {
        if (vendor == null || vendor.isBlank()) {
            throw new IllegalArgumentException("vendor http: vendor name must not be blank");
        }
        Objects.requireNonNull(retryAfter, vendor + " http: retryAfter source");
        Objects.requireNonNull(interceptors, vendor + " http: interceptors");
        check(vendor, policy);
        CallLog log = new CallLog(vendor, redactor);
        ConnectionPool pool = new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS);
        pools.add(pool);
        OkHttpClient.Builder builder = shared.newBuilder()
                .connectionPool(pool)
                .connectTimeout(policy.connectTimeout())
                .readTimeout(policy.readTimeout())
                .writeTimeout(policy.readTimeout())
                .callTimeout(policy.callTimeout())
                .addInterceptor(new NoAnswer.CallTimeoutInterceptor(policy.callTimeout()))
                .addInterceptor(new CallLogInterceptor(vendor, log, observer, clock))
                .addInterceptor(new ClientRequestIdInterceptor())
                .addInterceptor(new CircuitBreakerInterceptor(vendor, circuitBreaker(vendor, policy), clock,
                        policy.circuitOpenDuration()))
                .addInterceptor(new RetryInterceptor(vendor, policy, retryAfter, clock, sleeper, log, observer))
                .addInterceptor(new AttemptLogInterceptor(log, clock));
        if (policy.requestsPerSecond() > 0) {
            builder.addInterceptor(new RateLimitInterceptor(vendor, rateLimiter(vendor, policy), sleeper));
        }
        if (!policy.rateLimits().isEmpty()) {
            builder.addInterceptor(new WindowRateLimitInterceptor(vendor, policy.rateLimits(), policy.requestCost(),
                    clock, sleeper, rateLimitTimeout(policy)));
        }
        policy.quotaWindows().ifPresent(quotas -> builder.addInterceptor(
                new QuotaWindowInterceptor(vendor, quotas, clock, sleeper, rateLimitTimeout(policy))));
        interceptors.forEach(builder::addInterceptor);
        return builder.build();
    }

    /** Stops the shared dispatcher's threads and drops every client's idle connections; calls in flight finish. */
    @Override
    public void close() {
        shared.dispatcher().executorService().shutdown();
        List<ConnectionPool> open;
        synchronized (pools) {
            open = List.copyOf(pools);
        }
        open.forEach(ConnectionPool::evictAll);
    }

    @Override
    public void redact(String secretValue) {
        redactor.register(secretValue);
    }

    /** The redactor holding every secret registered here, for any other output the hub writes. */
    public Redactor redactor() {
        return redactor;
    }

    private CircuitBreaker circuitBreaker(String vendor, HttpPolicy policy) {
        int window = policy.circuitWindowSize();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .clock(clock)
                .currentTimestampFunction(Clock::millis, TimeUnit.MILLISECONDS)
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                // Half a window of evidence before judging, so a short run can still trip the breaker.
                .minimumNumberOfCalls(Math.max(1, window / 2))
                .failureRateThreshold(policy.circuitFailureRateThreshold())
                .waitDurationInOpenState(policy.circuitOpenDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordResult(CircuitBreakerInterceptor::isFailure)
                .recordException(failure -> failure instanceof IOException)
                .writableStackTraceEnabled(false)
                .build();
        CircuitBreaker breaker = CircuitBreaker.of(vendor, config);
        breaker.getEventPublisher().onStateTransition(event ->
                observer.circuitStateChanged(vendor, circuitState(event.getStateTransition().getToState())));
        observer.circuitStateChanged(vendor, circuitState(breaker.getState()));
        return breaker;
    }

    /** scephub never disables or forces a breaker; should one be, it reads as the state calls see. */
    private static CallObserver.CircuitState circuitState(CircuitBreaker.State state) {
        return switch (state) {
            case OPEN, FORCED_OPEN -> CallObserver.CircuitState.OPEN;
            case HALF_OPEN -> CallObserver.CircuitState.HALF_OPEN;
            case CLOSED, DISABLED, METRICS_ONLY -> CallObserver.CircuitState.CLOSED;
        };
    }

    private RateLimiter rateLimiter(String vendor, HttpPolicy policy) {
        // One permit per slot spaces requests evenly instead of letting a whole second's worth burst out.
        long slotNanos = Math.max(1, Math.round(1_000_000_000d / policy.requestsPerSecond()));
        RateLimiterConfig config = RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(slotNanos))
                .timeoutDuration(rateLimitTimeout(policy))
                .writableStackTraceEnabled(false)
                .build();
        return RateLimiter.of(vendor, config, () -> epochNanos(clock));
    }

    /** The longest a call waits for a client-side permit before failing with a clear error. */
    private static Duration rateLimitTimeout(HttpPolicy policy) {
        return policy.callTimeout().isZero() ? policy.maxRetryAfter() : policy.callTimeout();
    }

    private static long epochNanos(Clock clock) {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static void check(String vendor, HttpPolicy policy) {
        Objects.requireNonNull(policy, vendor + " http: policy");
        require(policy.maxAttempts() >= 1, vendor, "maxAttempts must be at least 1, was " + policy.maxAttempts());
        require(positive(policy.initialBackoff()), vendor, "initialBackoff must be positive, was " + policy.initialBackoff());
        require(policy.maxBackoff().compareTo(policy.initialBackoff()) >= 0, vendor,
                "maxBackoff (" + policy.maxBackoff() + ") must not be below initialBackoff (" + policy.initialBackoff() + ")");
        require(!policy.maxRetryAfter().isNegative(), vendor, "maxRetryAfter must not be negative, was " + policy.maxRetryAfter());
        require(!policy.connectTimeout().isNegative() && !policy.readTimeout().isNegative()
                && !policy.callTimeout().isNegative(), vendor, "timeouts must not be negative");
        require(policy.requestsPerSecond() >= 0 && Double.isFinite(policy.requestsPerSecond()), vendor,
                "requestsPerSecond must be 0 (off) or positive, was " + policy.requestsPerSecond());
        long distinctNames = policy.rateLimits().stream().map(RateLimitWindow::name).distinct().count();
        require(distinctNames == policy.rateLimits().size(), vendor,
                "rate limit window names must be unique, were " + policy.rateLimits().stream().map(RateLimitWindow::name).toList());
        require(policy.circuitFailureRateThreshold() > 0 && policy.circuitFailureRateThreshold() <= 100, vendor,
                "circuitFailureRateThreshold must be a percentage in 1..100, was " + policy.circuitFailureRateThreshold());
        require(policy.circuitWindowSize() >= 1, vendor, "circuitWindowSize must be at least 1, was " + policy.circuitWindowSize());
        require(positive(policy.circuitOpenDuration()), vendor, "circuitOpenDuration must be positive, was " + policy.circuitOpenDuration());
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean ok, String vendor, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(vendor + " http policy: " + problem);
        }
    }
}
