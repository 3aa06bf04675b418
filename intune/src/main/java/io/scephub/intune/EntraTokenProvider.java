package io.scephub.intune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import io.scephub.core.error.VendorError;
import io.scephub.core.model.Secret;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth2 client-credentials tokens for Graph from Entra ID, fetched through the shared resilient
 * client (azure-identity would bring its own HTTP stack and bypass our retries, limits and
 * redaction) and cached until shortly before they expire.
 */
final class EntraTokenProvider implements AccessTokenProvider {
    private static final Logger LOG = LoggerFactory.getLogger(EntraTokenProvider.class);
    /** Refresh this long before expiry so a token never runs out in the middle of a call. */
    private static final Duration EXPIRY_MARGIN = Duration.ofMinutes(5);

    private final OkHttpClient http;
    private final String tokenUrl;
    private final String clientId;
    private final Secret clientSecret;
    private final AllowedHostsValidator allowedHosts;
    private final Clock clock;
    private final Consumer<String> redactor;
    private final ObjectMapper json = new ObjectMapper();
    private CachedToken cached;

    /**
     * @param graphHost the only host the token is ever attached to
     * @param redactor registers each new access token with the HTTP layer's log redaction
     */
    EntraTokenProvider(OkHttpClient http, String tokenUrl, String clientId, Secret clientSecret, String graphHost,
                       Clock clock, Consumer<String> redactor) {
        this.http = http;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.allowedHosts = new AllowedHostsValidator(graphHost);
        this.clock = clock;
        this.redactor = redactor;
    }

    @Override
    public String getAuthorizationToken(URI uri, Map<String, Object> additionalAuthenticationContext) {
        // Kiota's convention: no token (and so no Authorization header) for hosts outside the allow list.
        if (uri == null || !allowedHosts.isUrlHostValid(uri)) {
            return "";
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost())) {
            throw new IllegalStateException("refusing to send a Graph bearer token over plain http to " + uri.getHost());
        }
        return token();
    }

    @Override
    public AllowedHostsValidator getAllowedHostsValidator() {
        return allowedHosts;
    }

    synchronized String token() {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.refreshAt())) {
            return cached.value();
        }
        cached = fetch(now);
        return cached.value();
    }

    private CachedToken fetch(Instant now) {
        FormBody form = new FormBody.Builder()
                .add("grant_type", "client_credentials")
                .add("client_id", clientId)
                .add("client_secret", clientSecret.reveal())
                .add("scope", GraphPaths.GRAPH_SCOPE)
                .build();
        Request request = new Request.Builder().url(tokenUrl).post(form).build();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            JsonNode node = parse(text);
            if (!response.isSuccessful()) {
                throw tokenError(response, node);
            }
            String accessToken = node.path("access_token").asText("");
            long expiresIn = node.path("expires_in").asLong(0);
            if (accessToken.isEmpty() || expiresIn <= 0) {
                throw new VendorError("intune", response.code(), null, response.header("x-ms-request-id"),
                        "token endpoint " + tokenUrl + " answered without access_token/expires_in");
            }
            redactor.accept(accessToken);
            Duration lifetime = Duration.ofSeconds(expiresIn);
            Duration margin = lifetime.dividedBy(2).compareTo(EXPIRY_MARGIN) < 0 ? lifetime.dividedBy(2) : EXPIRY_MARGIN;
            LOG.info("vendor=intune event=token_acquired client_id={} expires_in_s={}", clientId, expiresIn);
            return new CachedToken(accessToken, now.plus(lifetime).minus(margin));
        } catch (IOException e) {
            throw new VendorError("intune", 0, null, null,
                    "token request to " + tokenUrl + " failed: " + scrub(String.valueOf(e.getMessage())), e);
        }
    }

    private VendorError tokenError(Response response, JsonNode node) {
        String code = node.path("error").asText(null);
        String description = node.path("error_description").asText("");
        // Entra puts "Trace ID: ..." and more on further lines; the first line says what went wrong.
        String firstLine = description.lines().findFirst().orElse("").trim();
        String requestId = node.hasNonNull("trace_id") ? node.get("trace_id").asText() : response.header("x-ms-request-id");
        String message = "token request for client " + clientId + " at " + tokenUrl + " was refused"
                + (firstLine.isEmpty() ? "" : ": " + scrub(firstLine))
                + " (check mdm.intune.tenantId, clientId and clientSecret)";
        return new VendorError("intune", response.code(), code, requestId, message);
    }

    private JsonNode parse(String text) {
        try {
            return text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    /** Defence in depth: a vendor echoing the request must not leak the secret into a message. */
    private String scrub(String text) {
        return text.replace(clientSecret.reveal(), "***");
    }

    private static boolean isLoopback(String host) {
        return "127.0.0.1".equals(host) || "localhost".equalsIgnoreCase(host) || "[::1]".equals(host) || "::1".equals(host);
    }

    private record CachedToken(String value, Instant refreshAt) {
        @Override
        public String toString() {
            return "CachedToken[value=***, refreshAt=" + refreshAt + "]";
        }
    }
}
