package io.scephub.hub.console;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.util.DefaultResourceRetriever;
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
import io.scephub.core.model.Secret;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * OpenID Connect sign-in against Okta with Nimbus' OAuth 2.0 SDK: the authorization request (code flow,
 * PKCE S256, state and nonce), the code exchange (client_secret_basic) and the ID token's validation
 * (signature from the issuer's JWKS, issuer, audience, expiry, nonce). The provider's metadata is read
 * on the first sign-in, so a console whose Okta is down still serves the signed-in.
 */
public final class OidcSignIn {
    /** Okta's org authorization server puts the app's groups claim into the ID token when asked for {@code groups}. */
    static final Scope SCOPE = new Scope("openid", "profile", "email", "groups");
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 10_000;

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
    private volatile Provider provider;

    public OidcSignIn(HubSettings.Console settings, Secret clientSecret) {
        this.settings = settings;
        this.clientSecret = clientSecret;
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
            HTTPRequest http = tokenRequest.toHTTPRequest();
            http.setConnectTimeout(CONNECT_TIMEOUT_MS);
            http.setReadTimeout(READ_TIMEOUT_MS);
            tokens = OIDCTokenResponseParser.parse(http.send());
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
                    OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(settings.issuer()), CONNECT_TIMEOUT_MS,
                            READ_TIMEOUT_MS);
                    IDTokenValidator validator = new IDTokenValidator(metadata.getIssuer(), new ClientID(settings.clientId()),
                            JWSAlgorithm.RS256, metadata.getJWKSetURI().toURL(),
                            new DefaultResourceRetriever(CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS));
                    provider = new Provider(metadata, validator);
                } catch (GeneralException | IOException e) {
                    throw new SignInFailed("Okta's OpenID configuration cannot be read from " + settings.issuer()
                            + "/.well-known/openid-configuration (" + e.getClass().getSimpleName() + "); check server.console.issuer");
                }
            }
            return provider;
        }
    }

    private static String printable(String text) {
        return text == null ? "(no error code)" : text.replaceAll("[^A-Za-z0-9_.-]", "?");
    }
}
