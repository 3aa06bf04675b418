package io.scephub.okta;

import io.scephub.core.http.HttpPolicy;
import io.scephub.core.http.RetryAfterSource;
import io.scephub.core.http.VendorHttp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/** A plain OkHttp client with the connector's interceptors, recording what the connector asked of the HTTP layer. */
final class TestVendorHttp implements VendorHttp {
    final List<String> redacted = new CopyOnWriteArrayList<>();
    final List<String> vendors = new CopyOnWriteArrayList<>();
    final List<RetryAfterSource> retryAfterSources = new CopyOnWriteArrayList<>();
    final List<HttpPolicy> policies = new CopyOnWriteArrayList<>();

    @Override
    public OkHttpClient client(String vendor, HttpPolicy policy, RetryAfterSource retryAfter, List<Interceptor> interceptors) {
        vendors.add(vendor);
        retryAfterSources.add(retryAfter);
        policies.add(policy);
        OkHttpClient.Builder builder = new OkHttpClient.Builder().retryOnConnectionFailure(false)
                .callTimeout(Duration.ofSeconds(10));
        interceptors.forEach(builder::addInterceptor);
        return builder.build();
    }

    @Override
    public void redact(String secretValue) {
        redacted.add(secretValue);
    }
}
