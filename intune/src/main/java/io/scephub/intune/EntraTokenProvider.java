package io.scephub.intune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import io.scephub.core.error.VendorError;
import io.scephub.core.http.ClientCredentialsTokens;
import io.scephub.core.http.IssuedToken;
import io.scephub.core.http.TokenEndpoint;
import io.scephub.core.model.Secret;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth2 client-credentials tokens for Graph from Entra ID, fetched through the shared resilient
 * client (azure-identity would bring its own HTTP stack and bypass our retries, limits and
 * redaction) and cached by the core {@link ClientCredentialsTokens}; this class is Kiota's view of
 * them and Entra's token request.
 */
final class EntraTokenProvider implements AccessTokenProvider {
    private static final Logger LOG = LoggerFactory.getLogger(EntraTokenProvider.class);
    /** Refresh this long before expiry so a token never runs out in the middle of a call. */
    private static final Duration EXPIRY_MARGIN = Duration.ofMinutes(5);

    private final AllowedHostsValidator allowedHosts;
    private final ClientCredentialsTokens tokens;

    /**
     * @param graphHost the only host the token is ever attached to
     * @param redactor registers each new access token with the HTTP layer's log redaction
     */
    EntraTokenProvider(OkHttpClient http, String tokenUrl, String clientId, Secret clientSecret, String graphHost,
                       Clock clock, Consumer<String> redactor) {
        this.allowedHosts = new AllowedHostsValidator(graphHost);
        this.tokens = new ClientCredentialsTokens(http, new EntraTokenEndpoint(tokenUrl, clientId, clientSecret),
                EXPIRY_MARGIN, clock, redactor);
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

    String token() {
        return tokens.token().reveal();
    }

    private static boolean isLoopback(String host) {
        return "127.0.0.1".equals(host) || "localhost".equalsIgnoreCase(host) || "[::1]".equals(host) || "::1".equals(host);
    }

    /** Entra's client-credentials request with a client secret, and its answers. */
    private record EntraTokenEndpoint(String tokenUrl, String clientId, Secret clientSecret) implements TokenEndpoint {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public Request request() {
            FormBody form = new FormBody.Builder()
                    .add("grant_type", "client_credentials")
                    .add("client_id", clientId)
                    .add("client_secret", clientSecret.reveal())
                    .add("scope", GraphPaths.GRAPH_SCOPE)
                    .build();
            return new Request.Builder().url(tokenUrl).post(form).build();
        }

        @Override
        public IssuedToken answer(Response response, String text) {
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
            LOG.info("vendor=intune event=token_acquired client_id={} expires_in_s={}", clientId, expiresIn);
            return new IssuedToken(Secret.of(accessToken, "intune access token"), Duration.ofSeconds(expiresIn));
        }

        @Override
        public RuntimeException noAnswer(IOException e) {
            return new VendorError("intune", 0, null, null,
                    "token request to " + tokenUrl + " failed: " + scrub(String.valueOf(e.getMessage())), e);
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

        private static JsonNode parse(String text) {
            try {
                return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            } catch (IOException e) {
                return JSON.createObjectNode();
            }
        }

        /** Defence in depth: a vendor echoing the request must not leak the secret into a message. */
        private String scrub(String text) {
            return text.replace(clientSecret.reveal(), "***");
        }

        @Override
        public String toString() {
            return "EntraTokenEndpoint[tokenUrl=" + tokenUrl + ", clientId=" + clientId + "]";
        }
    }
}
