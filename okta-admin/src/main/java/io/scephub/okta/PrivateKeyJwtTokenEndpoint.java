package io.scephub.okta;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.scephub.core.error.VendorError;
import io.scephub.core.http.IssuedToken;
import io.scephub.core.http.TokenEndpoint;
import io.scephub.core.model.Secret;
import java.io.IOException;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Okta's token request for OAuth 2.0 client credentials with {@code private_key_jwt}: signs a short
 * client assertion with the service app's key and trades it at {@code /oauth2/v1/token} for an access
 * token (cached by the core {@link io.scephub.core.http.ClientCredentialsTokens}). DPoP is not supported.
 */
final class PrivateKeyJwtTokenEndpoint implements TokenEndpoint {
    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** Renew at most this long before expiry. */
    static final Duration EARLY_RENEWAL = Duration.ofSeconds(60);
    private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(PrivateKeyJwtTokenEndpoint.class);

    private final HttpUrl tokenUrl;
    private final String clientId;
    private final PrivateKeys.SigningKey key;
    private final Optional<String> keyId;
    private final List<String> scopes;
    private final Clock clock;
    private final Consumer<String> redactor;
    private final OktaErrors errors;
    private final ObjectMapper mapper;

    PrivateKeyJwtTokenEndpoint(HttpUrl tokenUrl, String clientId, PrivateKeys.SigningKey key, Optional<String> keyId,
                               List<String> scopes, Clock clock, Consumer<String> redactor, ObjectMapper mapper) {
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.key = key;
        this.keyId = keyId;
        this.scopes = List.copyOf(scopes);
        this.clock = clock;
        this.redactor = redactor;
        this.mapper = mapper;
        this.errors = new OktaErrors(mapper);
    }

    @Override
    public Request request() {
        String assertion = assertion();
        redactor.accept(assertion);
        FormBody form = new FormBody.Builder()
                .add("grant_type", "client_credentials")
                .add("scope", String.join(" ", scopes))
                .add("client_assertion_type", ASSERTION_TYPE)
                .add("client_assertion", assertion)
                .build();
        return new Request.Builder().url(tokenUrl).header("Accept", "application/json").post(form).build();
    }

    @Override
    public IssuedToken answer(Response response, String text) throws IOException {
        if (!response.isSuccessful()) {
            throw errors.fromTokenEndpoint(response, text);
        }
        OktaJson.TokenResponse token = mapper.readValue(text, OktaJson.TokenResponse.class);
        if (token.access_token() == null || token.access_token().isEmpty()) {
            throw new VendorError(OktaErrors.VENDOR, response.code(), null, response.header(OktaErrors.REQUEST_ID_HEADER),
                    "access token request: the answer holds no access_token");
        }
        if (token.token_type() != null && !token.token_type().equalsIgnoreCase("Bearer")) {
            throw new VendorError(OktaErrors.VENDOR, response.code(), null, response.header(OktaErrors.REQUEST_ID_HEADER),
                    "access token request: got a \"" + token.token_type() + "\" token, scephub only sends Bearer tokens; "
                            + "turn off DPoP for the Okta API service app");
        }
        Duration lifetime = Duration.ofSeconds(token.expires_in() == null ? 0 : token.expires_in());
        LOG.debug("okta access token obtained clientId={} scopes={} expiresIn={}s", clientId, scopes, lifetime.toSeconds());
        return new IssuedToken(Secret.of(token.access_token(), "okta:oauth2/v1/token"), lifetime);
    }

    @Override
    public RuntimeException noAnswer(IOException cause) {
        return OktaErrors.noAnswer("POST", tokenUrl.encodedPath(), cause);
    }

    /** The signed client assertion: iss = sub = client id, aud = the token URL, 5 minutes, random jti. */
    String assertion() {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(tokenUrl.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        JWSHeader.Builder header = new JWSHeader.Builder(key.algorithm()).type(JOSEObjectType.JWT);
        keyId.ifPresent(header::keyID);
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        try {
            JWSSigner signer = key.key() instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner(key.key());
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the Okta client assertion with the " + key.algorithm() + " key: "
                    + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
