package io.scephub.hub.console;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.scephub.config.HubSettings;
import io.scephub.core.http.HttpPolicy;
import io.scephub.core.http.RetryAfterSources;
import io.scephub.core.http.VendorHttp;
import io.scephub.core.model.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * OpenID Connect sign-in against Okta with Nimbus' OAuth 2.0 SDK: the authorization request (code flow,
 * PKCE S256, state and nonce), the code exchange (client_secret_basic) and the ID token's validation
 * (signature from the issuer's JWKS, issuer, audience, expiry, nonce). The provider's metadata is read
 * on the first sign-in, so a console whose Okta is down still serves the signed-in. Every call to Okta (discovery,
 * token, keys) goes through the shared resilient client as vendor calls do: timeouts, a circuit breaker, one redacted
 * log line per call, and retries of the GETs only (the code exchange is a POST that must not be sent twice: a code is
 * good for one exchange).
 */
public final class OidcSignIn {
    /** Okta's org authorization server puts the app's groups claim into the ID token when asked for {@code groups}. */
    static final Scope SCOPE = new Scope("openid", "profile", "email", "groups");
    /** The breaker and log name of the console's calls to Okta. */
    static final String VENDOR = "okta-oidc";
    /** A browser waits on these calls: short timeouts, a few retries of the GETs within 20 s. */
    static final HttpPolicy POLICY = HttpPolicy.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20))
            .withMaxAttempts(3);
    private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded; charset=utf-8");

    /** Who signed in, from a validated ID token; {@code groups} from the configured claim (empty when absent). */
    public record Identity(String subject, String displayName, List<String> groups) {
    }

    /** Why a sign-in failed, in words safe to show and log (never a token or a code). */
    public static final class SignInFailed extends Exception {
        public SignInFailed(String message) {
            super(message);
        }
    }

    private record Provider(OIDCProviderMetadata metadata, IDTokenValidator validator) {
    }

    private final HubSettings.Console settings;
    private final Secret clientSecret;
    private final OkHttpClient http;
    private volatile Provider provider;

    public OidcSignIn(HubSettings.Console settings, Secret clientSecret, VendorHttp vendorHttp) {
        this.settings = settings;
        this.clientSecret = clientSecret;
        vendorHttp.redact(clientSecret.reveal());
        this.http = vendorHttp.client(VENDOR, POLICY, RetryAfterSources.retryAfterHeader(), List.of());
    }

    /** Where to send the browser to sign in. */
    public URI authorizationUri(String state, String nonce, String codeVerifier) throws SignInFailed {
        return new AuthenticationRequest.Builder(new ResponseType(ResponseType.Value.CODE), SCOPE, new ClientID(settings.clientId()),
                URI.create(settings.redirectUri()))
                .endpointURI(provider().metadata().getAuthorizationEndpointURI())
                .state(new State(state))
                .nonce(new Nonce(nonce))
                .codeChallenge(new CodeVerifier(codeVerifier), CodeChallengeMethod.S256)
                .build()
                .toURI();
    }

    /** A fresh PKCE code verifier (43+ characters, as RFC 7636 asks). */
    public static String newCodeVerifier() {
        return new CodeVerifier().getValue();
    }

    /**
     * Finishes a sign-in from the callback's query string: checks it answers {@code expectedState}, exchanges
     * the code and validates the ID token against {@code nonce}.
     */
    public Identity complete(String callbackQuery, String expectedState, String codeVerifier, String nonce) throws SignInFailed {
        AuthorizationResponse response;
        try {
            response = AuthorizationResponse.parse(URI.create(settings.redirectUri() + "?" + (callbackQuery == null ? "" : callbackQuery)));
        } catch (ParseException | IllegalArgumentException e) {
            throw new SignInFailed("Okta's answer could not be read");
        }
        if (!new State(expectedState).equals(response.getState())) {
            throw new SignInFailed("the answer does not belong to this sign-in (state differs)");
        }
        if (!response.indicatesSuccess()) {
            AuthorizationErrorResponse error = response.toErrorResponse();
            throw new SignInFailed("Okta refused the sign-in: " + printable(error.getErrorObject().getCode()));
        }
        AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
        if (code == null) {
            throw new SignInFailed("Okta's answer has no authorization code");
        }
        Provider p = provider();
        TokenRequest tokenRequest = new TokenRequest(p.metadata().getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(settings.clientId()), new com.nimbusds.oauth2.sdk.auth.Secret(clientSecret.reveal())),
                new AuthorizationCodeGrant(code, URI.create(settings.redirectUri()), new CodeVerifier(codeVerifier)));
        TokenResponse tokens;
        try {
            tokens = OIDCTokenResponseParser.parse(send(tokenRequest.toHTTPRequest()));
        } catch (IOException e) {
            throw new SignInFailed("Okta's token endpoint cannot be reached (" + e.getClass().getSimpleName() + ")");
        } catch (ParseException e) {
            throw new SignInFailed("Okta's token answer could not be read");
        }
        if (!tokens.indicatesSuccess()) {
            TokenErrorResponse error = tokens.toErrorResponse();
            throw new SignInFailed("Okta refused the code exchange: " + printable(error.getErrorObject().getCode())
                    + " (check server.console.clientId, clientSecret and redirectUri against the Okta app)");
        }
        JWT idToken = ((OIDCTokenResponse) tokens.toSuccessResponse()).getOIDCTokens().getIDToken();
        IDTokenClaimsSet claims;
        try {
            claims = p.validator().validate(idToken, new Nonce(nonce));
        } catch (BadJOSEException e) {
            throw new SignInFailed("the ID token is not valid (" + e.getClass().getSimpleName() + ")");
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new SignInFailed("the ID token could not be checked (" + e.getClass().getSimpleName() + ")");
        }
        // Absent or not a list of strings: no groups, so no role, and the console says which claim it looked for.
        List<String> groups = Optional.ofNullable(claims.getStringListClaim(settings.groupsClaim())).orElse(List.of());
        String name = Optional.ofNullable(claims.getStringClaim("name"))
                .or(() -> Optional.ofNullable(claims.getStringClaim("preferred_username")))
                .orElse(claims.getSubject().getValue());
        return new Identity(claims.getSubject().getValue(), name, groups);
    }

    private Provider provider() throws SignInFailed {
        Provider p = provider;
        if (p != null) {
            return p;
        }
        synchronized (this) {
            if (provider == null) {
                try {
                    Issuer issuer = new Issuer(settings.issuer());
                    String discovery = settings.issuer().replaceAll("/+$", "") + "/.well-known/openid-configuration";
                    OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(get(new URL(discovery)).getContent());
                    if (!issuer.equals(metadata.getIssuer())) {
                        throw new GeneralException("the document names another issuer");
                    }
                    IDTokenValidator validator = new IDTokenValidator(metadata.getIssuer(), new ClientID(settings.clientId()),
                            JWSAlgorithm.RS256, metadata.getJWKSetURI().toURL(), keys());
                    provider = new Provider(metadata, validator);
                } catch (GeneralException | IOException e) {
                    throw new SignInFailed("Okta's OpenID configuration cannot be read from " + settings.issuer()
                            + "/.well-known/openid-configuration (" + e.getClass().getSimpleName() + "); check server.console.issuer");
                }
            }
            return provider;
        }
    }

    /** The JWKS is fetched (and re-fetched on an unknown key id) through the resilient client. */
    private ResourceRetriever keys() {
        return this::get;
    }

    private Resource get(URL url) throws IOException {
        try (Response response = http.newCall(new Request.Builder().url(url).header("Accept", "application/json").get().build()).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("HTTP " + response.code() + " from " + url.getHost());
            }
            return new Resource(response.body().string(), response.header("Content-Type"));
        }
    }

    /** Sends the token request Nimbus built (form body, client_secret_basic header) and hands Okta's answer back to Nimbus. */
    private HTTPResponse send(HTTPRequest request) throws IOException {
        Request.Builder builder = new Request.Builder().url(request.getURL());
        for (Map.Entry<String, List<String>> header : request.getHeaderMap().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("Content-Type")) {
                header.getValue().forEach(v -> builder.addHeader(header.getKey(), v));
            }
        }
        builder.post(RequestBody.create(request.getBody() == null ? "" : request.getBody(), FORM));
        try (Response response = http.newCall(builder.build()).execute()) {
            HTTPResponse answer = new HTTPResponse(response.code());
            String contentType = response.header("Content-Type");
            if (contentType != null) {
                try {
                    answer.setContentType(contentType);
                } catch (ParseException e) {
                    throw new IOException("unreadable Content-Type from the token endpoint");
                }
            }
            answer.setBody(response.body().string());
            return answer;
        }
    }

    private static String printable(String text) {
        return text == null ? "(no error code)" : text.replaceAll("[^A-Za-z0-9_.-]", "?");
    }
}
