package io.scephub.jamf;

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
import java.util.function.Consumer;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Jamf Pro API-client tokens (OAuth client credentials): the request and its answer, whose
 * {@code expires_in} is a per-client setting and so never assumed. The core caches them.
 */
final class JamfTokenSource implements TokenEndpoint {
    /** Renew this long before expiry so a token never dies mid-call. */
    private static final Duration EARLY = Duration.ofSeconds(30);

    private final HttpUrl tokenUrl;
    private final Secret clientId;
    private final Secret clientSecret;
    /** Shared by every tenant's token source: configured once, never changed, so thread-safe. */
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ObjectMapper mapper = MAPPER;

    private JamfTokenSource(HttpUrl tokenUrl, Secret clientId, Secret clientSecret) {
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /**
     * Adds a Bearer token to every call; Jamf can invalidate a token early (client disabled and
     * re-enabled), so a 401 fetches a new one once.
     */
    static Interceptor bearer(OkHttpClient tokenClient, HttpUrl tokenUrl, Secret clientId, Secret clientSecret, Clock clock,
                              Consumer<String> redact) {
        return new BearerTokenInterceptor(new ClientCredentialsTokens(tokenClient,
                new JamfTokenSource(tokenUrl, clientId, clientSecret), EARLY, clock, redact));
    }

    @Override
    public Request request() {
        FormBody form = new FormBody.Builder().add("grant_type", "client_credentials")
                .add("client_id", clientId.reveal()).add("client_secret", clientSecret.reveal()).build();
        return new Request.Builder().url(tokenUrl).post(form).header("Accept", "application/json").build();
    }

    @Override
    public IssuedToken answer(Response response, String body) throws IOException {
        if (!response.isSuccessful()) {
            throw new VendorError(JamfErrors.VENDOR, response.code(), null, null, "POST " + tokenUrl.encodedPath()
                    + ": Jamf refused the API client credentials; check mdm.jamf.clientId/clientSecret and that the "
                    + "API client is enabled (Settings > API roles and clients)");
        }
        JsonNode json = mapper.readTree(body);
        String value = json.path("access_token").asText("");
        long lifetime = json.path("expires_in").asLong(0);
        if (value.isEmpty() || lifetime <= 0) {
            throw new VendorError(JamfErrors.VENDOR, response.code(), null, null, "POST " + tokenUrl.encodedPath()
                    + ": the answer has no access_token or expires_in");
        }
        return new IssuedToken(Secret.of(value, "jamf access token"), Duration.ofSeconds(lifetime));
    }

    @Override
    public RuntimeException noAnswer(IOException e) {
        return new VendorError(JamfErrors.VENDOR, 0, null, null, "POST " + tokenUrl.encodedPath() + ": "
                + io.scephub.core.http.NoAnswer.describe(e, false), e);
    }
}
