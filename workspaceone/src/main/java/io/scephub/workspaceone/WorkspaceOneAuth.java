package io.scephub.workspaceone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.core.error.VendorError;
import io.scephub.core.model.Secret;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import okhttp3.FormBody;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Puts {@code aw-tenant-code} and {@code Authorization: Bearer} on every UEM call. The token comes
 * from the region's OAuth token URL (client credentials, form POST), is cached until shortly before
 * {@code expires_in}, and is fetched again once when UEM answers 401.
 */
final class WorkspaceOneAuth implements Interceptor {
    static final String TENANT_CODE_HEADER = "aw-tenant-code";
    /** Renew this long before expiry so a token never runs out in flight. */
    private static final Duration EARLY_RENEWAL = Duration.ofSeconds(60);

    private final OkHttpClient tokenClient;
    private final WorkspaceOnePaths paths;
    private final Secret clientId;
    private final Secret clientSecret;
    private final Secret apiKey;
    private final Clock clock;
    private final Consumer<String> redact;
    private final ObjectMapper mapper;
    private final WorkspaceOneErrors errors;
    private Secret token;
    private Instant expiresAt = Instant.MIN;

    WorkspaceOneAuth(OkHttpClient tokenClient, WorkspaceOnePaths paths, Secret clientId, Secret clientSecret, Secret apiKey,
                     Clock clock, Consumer<String> redact, ObjectMapper mapper) {
        this.tokenClient = tokenClient;
        this.paths = paths;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.apiKey = apiKey;
        this.clock = clock;
        this.redact = redact;
        this.mapper = mapper;
        this.errors = new WorkspaceOneErrors(mapper);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Secret current = token(null);
        Response response = chain.proceed(authorised(chain.request(), current));
        if (response.code() != 401) {
            return response;
        }
        response.close();
        return chain.proceed(authorised(chain.request(), token(current)));
    }

    private Request authorised(Request request, Secret bearer) {
        return request.newBuilder().header(TENANT_CODE_HEADER, apiKey.reveal())
                .header("Authorization", "Bearer " + bearer.reveal()).build();
    }

    /** The cached token, or a new one when it is about to expire or equals {@code rejected}. */
    private synchronized Secret token(Secret rejected) {
        if (token != null && !token.equals(rejected) && clock.instant().isBefore(expiresAt.minus(EARLY_RENEWAL))) {
            return token;
        }
        Request request = new Request.Builder().url(paths.token()).header("Accept", "application/json")
                .post(new FormBody.Builder().add("grant_type", "client_credentials")
                        .add("client_id", clientId.reveal()).add("client_secret", clientSecret.reveal()).build())
                .build();
        try (Response response = tokenClient.newCall(request).execute()) {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            if (!response.isSuccessful()) {
                throw errors.fromTokenEndpoint(response, text);
            }
            JsonNode answer = mapper.readTree(text);
            String value = answer == null ? null : answer.path("access_token").asText(null);
            if (value == null || value.isBlank()) {
                throw new VendorError(WorkspaceOneErrors.VENDOR, response.code(), null, null,
                        "the token endpoint answered without an access_token");
            }
            redact.accept(value);
            token = Secret.of(value, "workspaceone access token");
            expiresAt = clock.instant().plusSeconds(answer.path("expires_in").asLong(3600));
            return token;
        } catch (IOException e) {
            throw WorkspaceOneErrors.noAnswer("POST", paths.token().encodedPath(), e);
        }
    }
}
