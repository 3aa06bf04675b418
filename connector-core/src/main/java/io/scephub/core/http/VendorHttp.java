package io.scephub.core.http;

import java.util.List;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * Makes the one resilient client each vendor talks through. Connectors add their own
 * interceptors (auth, vendor headers) and get back a client that already times out, retries,
 * rate-limits, breaks circuits and logs one redacted line per call.
 */
public interface VendorHttp {

    /** A client for {@code vendor} (used in log lines, metrics and breaker names). */
    OkHttpClient client(String vendor, HttpPolicy policy, RetryAfterSource retryAfter, List<Interceptor> interceptors);

    /** Registers a secret value so no log line written through this layer can show it. */
    void redact(String secretValue);
}
