package io.scephub.okta;

import io.scephub.core.model.Secret;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Adds {@code Authorization: SSWS <api token>}, Okta's scheme for API tokens. */
final class SswsAuthInterceptor implements Interceptor {
    private final Secret apiToken;

    SswsAuthInterceptor(Secret apiToken) {
        this.apiToken = apiToken;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        return chain.proceed(chain.request().newBuilder().header("Authorization", "SSWS " + apiToken.reveal()).build());
    }
}
