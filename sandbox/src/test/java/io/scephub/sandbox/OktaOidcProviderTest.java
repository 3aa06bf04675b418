package io.scephub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sandbox Okta's OpenID Connect endpoints, checked with an independent JOSE library. */
class OktaOidcProviderTest {
    private static final String REDIRECT = "http://127.0.0.1:9/auth/callback";
    private static final String VERIFIER = "a-pkce-code-verifier-of-more-than-forty-three-characters-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    @AutoClose
    private static Sandbox sandbox;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        sandbox = TestSandbox.running();
    }

    @Test
    void discoveryNamesTheOrgAuthorizationServersEndpoints() throws Exception {
        JsonNode d = JSON.readTree(get("/.well-known/openid-configuration").body());

        assertThat(d.path("issuer").asText()).isEqualTo(sandbox.oktaBaseUrl());
        assertThat(d.path("authorization_endpoint").asText()).isEqualTo(sandbox.oktaBaseUrl() + "/oauth2/v1/authorize");
        assertThat(d.path("token_endpoint").asText()).isEqualTo(sandbox.oktaBaseUrl() + "/oauth2/v1/token");
        assertThat(d.path("jwks_uri").asText()).isEqualTo(sandbox.oktaBaseUrl() + "/oauth2/v1/keys");
        assertThat(d.path("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
    }

    @Test
    void aDemoUserSignsInAndTheCodeBuysOneSignedIdTokenWithTheirGroups() throws Exception {
        String code = signIn(OktaOidcProvider.OPERATOR, "n-123");

        HttpResponse<String> tokens = token(code, VERIFIER, sandbox.oidc().clientSecret());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        SignedJWT idToken = SignedJWT.parse(JSON.readTree(tokens.body()).path("id_token").asText());
        RSAKey key = JWKSet.parse(get("/oauth2/v1/keys").body()).getKeyByKeyId(idToken.getHeader().getKeyID()).toRSAKey();
        assertThat(idToken.verify(new RSASSAVerifier(key))).isTrue();
        var claims = idToken.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(sandbox.oktaBaseUrl());
        assertThat(claims.getAudience()).containsExactly(OktaOidcProvider.CONSOLE_CLIENT_ID);
        assertThat(claims.getStringClaim("nonce")).isEqualTo("n-123");
        assertThat(claims.getStringListClaim("groups")).contains(OktaOidcProvider.OPERATOR_GROUP);
        assertThat(token(code, VERIFIER, sandbox.oidc().clientSecret()).body()).contains("invalid_grant");
    }

    @Test
    void aWrongVerifierSecretOrPasswordGetsNothing() throws Exception {
        assertThat(token(signIn(OktaOidcProvider.VIEWER, "n"), "another-verifier-of-more-than-forty-three-characters-xyz",
                sandbox.oidc().clientSecret()).body()).contains("PKCE verification failed");
        HttpResponse<String> badClient = token(signIn(OktaOidcProvider.VIEWER, "n"), VERIFIER, "not-the-secret");
        assertThat(badClient.statusCode()).isEqualTo(401);
        HttpResponse<String> badPassword = post("/oauth2/v1/authorize", form(Map.of("username", OktaOidcProvider.VIEWER.login(),
                "password", "wrong"), "n"));
        assertThat(badPassword.statusCode()).isEqualTo(401);
        assertThat(badPassword.body()).contains("Unable to sign in");
    }

    @Test
    void anUnregisteredRedirectUriIsNeverRedirectedTo() throws Exception {
        HttpResponse<String> answer = get("/oauth2/v1/authorize?client_id=" + OktaOidcProvider.CONSOLE_CLIENT_ID
                + "&response_type=code&scope=openid&state=s&redirect_uri=" + enc("https://attacker.example/cb")
                + "&code_challenge=x&code_challenge_method=S256");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Location")).isEmpty();
    }

    private String signIn(OktaOidcProvider.DemoUser user, String nonce) throws Exception {
        HttpResponse<String> answer = post("/oauth2/v1/authorize", form(Map.of("username", user.login(), "password", user.password()), nonce));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT + "?").contains("state=st");
        Matcher m = Pattern.compile("code=([^&]+)").matcher(location);
        assertThat(m.find()).isTrue();
        return java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    }

    private static String form(Map<String, String> extra, String nonce) throws Exception {
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
        Map<String, String> params = new java.util.LinkedHashMap<>(Map.of("client_id", OktaOidcProvider.CONSOLE_CLIENT_ID,
                "redirect_uri", REDIRECT, "response_type", "code", "scope", "openid groups", "state", "st", "nonce", nonce,
                "code_challenge", challenge, "code_challenge_method", "S256"));
        params.putAll(extra);
        return params.entrySet().stream().map(e -> e.getKey() + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    private HttpResponse<String> token(String code, String verifier, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((OktaOidcProvider.CONSOLE_CLIENT_ID + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.oktaBaseUrl() + "/oauth2/v1/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(REDIRECT)
                        + "&code_verifier=" + enc(verifier))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.oktaBaseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.oktaBaseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
