package io.scephub.core.http;

import io.scephub.core.model.Secret;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds {@code Authorization: Bearer <access token>}; on a 401 it fetches a new token and retries
 * once, because a vendor can revoke a cached token or let it expire early.
 */
public final class BearerTokenInterceptor implements Interceptor {
    private final ClientCredentialsTokens tokens;

    public BearerTokenInterceptor(ClientCredentialsTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Secret token = tokens.token();
        Response response = chain.proceed(withToken(chain.request(), token));
        if (response.code() != 401) {
            return response;
        }
        response.close();
        tokens.invalidate(token);
        return chain.proceed(withToken(chain.request(), tokens.token()));
    }

    private static Request withToken(Request request, Secret token) {
        return request.newBuilder().header("Authorization", "Bearer " + token.reveal()).build();
    }
}
