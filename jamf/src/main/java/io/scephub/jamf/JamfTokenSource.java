package io.scephub.jamf;

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
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Jamf Pro API-client tokens (OAuth client credentials), cached until shortly before the
 * {@code expires_in} Jamf returns (a per-client setting, so never assumed), and added as Bearer.
 */
final class JamfTokenSource implements Interceptor {
    /** Renew this long before expiry so a token never dies mid-call. */
    private static final Duration EARLY = Duration.ofSeconds(30);

    private final OkHttpClient tokenClient;
    private final HttpUrl tokenUrl;
    private final Secret clientId;
    private final Secret clientSecret;
    private final Clock clock;
    private final Consumer<String> redact;
    private final ObjectMapper mapper = new ObjectMapper();
    private Secret token;
    private Instant renewAt = Instant.MIN;

    JamfTokenSource(OkHttpClient tokenClient, HttpUrl tokenUrl, Secret clientId, Secret clientSecret, Clock clock,
                    Consumer<String> redact) {
        this.tokenClient = tokenClient;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.clock = clock;
        this.redact = redact;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(withToken(chain.request(), current()));
        if (response.code() == 401) {
            // Jamf can invalidate a token early (client disabled and re-enabled): fetch a new one once.
            response.close();
            invalidate();
            return chain.proceed(withToken(chain.request(), current()));
        }
        return response;
    }

    private static Request withToken(Request request, Secret token) {
        return request.newBuilder().header("Authorization", "Bearer " + token.reveal()).build();
    }

    private synchronized void invalidate() {
        renewAt = Instant.MIN;
    }

    synchronized Secret current() {
        if (token != null && clock.instant().isBefore(renewAt)) {
            return token;
        }
        FormBody form = new FormBody.Builder().add("grant_type", "client_credentials")
                .add("client_id", clientId.reveal()).add("client_secret", clientSecret.reveal()).build();
        Request request = new Request.Builder().url(tokenUrl).post(form).header("Accept", "application/json").build();
        try (Response response = tokenClient.newCall(request).execute()) {
            String body = response.body() == null ? "" : response.body().string();
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
            redact.accept(value);
            token = Secret.of(value, "jamf access token");
            Duration life = Duration.ofSeconds(lifetime);
            renewAt = clock.instant().plus(life.compareTo(EARLY.multipliedBy(2)) > 0 ? life.minus(EARLY) : life.dividedBy(2));
            return token;
        } catch (IOException e) {
            throw new VendorError(JamfErrors.VENDOR, 0, null, null, "POST " + tokenUrl.encodedPath() + ": no answer ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }
}
