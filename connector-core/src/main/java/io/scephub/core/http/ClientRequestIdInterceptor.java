package io.scephub.core.http;

import java.io.IOException;
import java.util.UUID;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Gives every call a {@code client-request-id} (Microsoft Graph's correlation header; other
 * vendors ignore it) that stays the same across its retries, so a vendor's logs and support can
 * tie the attempts of one call together.
 */
final class ClientRequestIdInterceptor implements Interceptor {
    static final String HEADER = "client-request-id";

    @Override
    public Response intercept(Chain chain) throws IOException {
        if (chain.request().header(HEADER) != null) {
            return chain.proceed(chain.request());
        }
        return chain.proceed(chain.request().newBuilder().header(HEADER, UUID.randomUUID().toString()).build());
    }
}
