package io.scephub.workspaceone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.core.error.VendorError;
import io.scephub.core.http.BearerTokenInterceptor;
import io.scephub.core.http.ClientCredentialsTokens;
import io.scephub.core.http.IssuedToken;
import io.scephub.core.http.TokenEndpoint;
import io.scephub.core.model.Secret;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import okhttp3.FormBody;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * UEM's authentication: {@code aw-tenant-code} and {@code Authorization: Bearer} on every call. The
 * token comes from the region's OAuth token URL (client credentials, form POST); the core caches it
 * until shortly before {@code expires_in} and fetches it again once when UEM answers 401.
 */
final class WorkspaceOneAuth implements TokenEndpoint {
    static final String TENANT_CODE_HEADER = "aw-tenant-code";
    /** Renew this long before expiry so a token never runs out in flight. */
    private static final Duration EARLY_RENEWAL = Duration.ofSeconds(60);
    /** What UEM's token answer lives when it leaves out {@code expires_in}. */
    private static final long DEFAULT_LIFETIME_SECONDS = 3600;

    private final WorkspaceOnePaths paths;
    private final Secret clientId;
    private final Secret clientSecret;
    private final ObjectMapper mapper;
    private final WorkspaceOneErrors errors;

    private WorkspaceOneAuth(WorkspaceOnePaths paths, Secret clientId, Secret clientSecret, ObjectMapper mapper) {
        this.paths = paths;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.mapper = mapper;
        this.errors = new WorkspaceOneErrors(mapper);
    }

    /** The interceptors that authenticate every UEM call: the tenant code, then the cached Bearer token. */
    static List<Interceptor> interceptors(OkHttpClient tokenClient, WorkspaceOnePaths paths, Secret clientId, Secret clientSecret,
                                          Secret apiKey, Clock clock, Consumer<String> redact, ObjectMapper mapper) {
        Interceptor tenantCode = chain -> chain.proceed(chain.request().newBuilder().header(TENANT_CODE_HEADER, apiKey.reveal()).build());
        ClientCredentialsTokens tokens = new ClientCredentialsTokens(tokenClient,
                new WorkspaceOneAuth(paths, clientId, clientSecret, mapper), EARLY_RENEWAL, clock, redact);
        return List.of(tenantCode, new BearerTokenInterceptor(tokens));
    }

    @Override
    public Request request() {
        return new Request.Builder().url(paths.token()).header("Accept", "application/json")
                .post(new FormBody.Builder().add("grant_type", "client_credentials")
                        .add("client_id", clientId.reveal()).add("client_secret", clientSecret.reveal()).build())
                .build();
    }

    @Override
    public IssuedToken answer(Response response, String text) throws IOException {
        if (!response.isSuccessful()) {
            throw errors.fromTokenEndpoint(response, text);
        }
        JsonNode answer = mapper.readTree(text);
        String value = answer == null ? null : answer.path("access_token").asText(null);
        if (value == null || value.isBlank()) {
            throw new VendorError(WorkspaceOneErrors.VENDOR, response.code(), null, null,
                    "the token endpoint answered without an access_token");
        }
        return new IssuedToken(Secret.of(value, "workspaceone access token"),
                Duration.ofSeconds(answer.path("expires_in").asLong(DEFAULT_LIFETIME_SECONDS)));
    }

    @Override
    public RuntimeException noAnswer(IOException e) {
        return WorkspaceOneErrors.noAnswer("POST", paths.token().encodedPath(), e);
    }
}
