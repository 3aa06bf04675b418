package io.scephub.intune;

import io.scephub.core.http.HttpPolicy;
import io.scephub.core.http.RetryAfterSource;
import io.scephub.core.http.VendorHttp;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import io.scephub.core.spi.ConnectorContext;
import io.scephub.core.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/** A connector context for tests: a plain OkHttp client with the connector's interceptors, a fixed secret and a movable clock. */
final class TestContext implements ConnectorContext {
    static final String CANARY_SECRET = "canary-client-secret-7f3a9c";

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    final Set<String> redacted = ConcurrentHashMap.newKeySet();
    private final VendorHttp http = new VendorHttp() {
        @Override
        public OkHttpClient client(String vendor, HttpPolicy policy, RetryAfterSource retryAfter, List<Interceptor> interceptors) {
            OkHttpClient.Builder builder = new OkHttpClient.Builder()
                    .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5));
            interceptors.forEach(builder::addInterceptor);
            return builder.build();
        }

        @Override
        public void redact(String secretValue) {
            redacted.add(secretValue);
        }
    };

    @Override
    public Secret secret(SecretRef ref) {
        return Secret.of(CANARY_SECRET, ref.toString());
    }

    @Override
    public VendorHttp http() {
        return http;
    }

    @Override
    public Clock clock() {
        return clock;
    }
}
