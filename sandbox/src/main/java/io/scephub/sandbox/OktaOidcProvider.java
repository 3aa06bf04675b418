package io.scephub.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Okta's org authorization server for one OIDC web app (the scephub console): discovery, an
 * authorize endpoint with a minimal sign-in form for the {@link #DEMO_USERS}, the authorization-code
 * grant with client_secret_basic/post and PKCE (S256), the signing keys and userinfo. Endpoint paths,
 * parameters and claims follow Okta's OpenID Connect reference (sandbox/README.md). Not thread-safe on
 * its own: {@link OktaSimulator} calls it under its lock.
 */
public final class OktaOidcProvider {
    /** A sign-in the sandbox accepts; the passwords are demo values, printed by {@code scephub demo}. */
    public record DemoUser(String login, String password, String name, List<String> groups) {
        public DemoUser {
            groups = List.copyOf(groups);
        }

        @Override
        public String toString() {
            return "DemoUser[login=" + login + ", groups=" + groups + "]";
        }
    }

    public static final String VIEWER_GROUP = "scephub-viewers";
    public static final String OPERATOR_GROUP = "scephub-operators";
    public static final DemoUser VIEWER = new DemoUser("viewer@example.com", "viewer-demo-password", "Vera Viewer",
            List.of("Everyone", VIEWER_GROUP));
    public static final DemoUser OPERATOR = new DemoUser("operator@example.com", "operator-demo-password", "Otto Operator",
            List.of("Everyone", VIEWER_GROUP, OPERATOR_GROUP));
    /** Signs in fine but is in no console group: the console must refuse them. */
    public static final DemoUser OUTSIDER = new DemoUser("outsider@example.com", "outsider-demo-password", "Olga Outsider",
            List.of("Everyone"));
    public static final List<DemoUser> DEMO_USERS = List.of(VIEWER, OPERATOR, OUTSIDER);
    /** The console app's client id (Okta client ids start with 0oa). */
    public static final String CONSOLE_CLIENT_ID = "0oaScephubConsole01";
    static final Duration CODE_LIFETIME = Duration.ofMinutes(1);
    static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final String KEY_ID = "sandbox-oidc-1";

    private record Code(String redirectUri, DemoUser user, Optional<String> nonce, String codeChallenge, String scope,
                        Instant expiresAt) {
    }

    private final ObjectMapper json;
    private final Ids ids;
    private final String clientSecret;
    private final KeyPair signingKey;
    private final Map<String, Code> codes = new HashMap<>();
    private final Map<String, DemoUser> accessTokens = new HashMap<>();
    private volatile String issuer = "http://127.0.0.1";

    OktaOidcProvider(ObjectMapper json, Ids ids) {
        this.json = json;
        this.ids = ids;
        this.clientSecret = ids.secret256();
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.signingKey = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate the sandbox OIDC signing key", e);
        }
    }

    void bind(String baseUrl) {
        this.issuer = baseUrl;
    }

    /** The console app's client secret (generated at start). */
    public String clientSecret() {
        return clientSecret;
    }

    /** The issuer, equal to the org URL (Okta's org authorization server). */
    public String issuer() {
        return issuer;
    }

    void reset() {
        codes.clear();
        accessTokens.clear();
    }

    /** True for the paths this provider answers; {@code /oauth2/v1/token} only for the authorization-code grant. */
    boolean handles(SimRequest request) {
        return switch (request.path()) {
            case "/.well-known/openid-configuration", "/oauth2/v1/authorize", "/oauth2/v1/keys", "/oauth2/v1/userinfo" -> true;
            case "/oauth2/v1/token" -> "authorization_code".equals(SimRequest.first(SimRequest.parseQuery(request.body()), "grant_type"));
            default -> false;
        };
    }

    SimResponse handle(SimRequest request, Instant now) {
        return switch (request.path()) {
            case "/.well-known/openid-configuration" -> get(request, this::discovery);
            case "/oauth2/v1/keys" -> get(request, this::keys);
            case "/oauth2/v1/userinfo" -> userinfo(request);
            case "/oauth2/v1/authorize" -> switch (request.method()) {
                case "GET" -> authorizeForm(request.query(), Optional.empty());
                case "POST" -> signIn(SimRequest.parseQuery(request.body()), now);
                default -> SimResponse.text(405, "text/plain", "Method not allowed");
            };
            default -> request.method().equals("POST") ? token(request, now) : SimResponse.text(405, "text/plain", "Method not allowed");
        };
    }

    private SimResponse get(SimRequest request, java.util.function.Supplier<ObjectNode> body) {
        return request.method().equals("GET") ? SimResponse.json(200, write(body.get())) : SimResponse.text(405, "text/plain", "Method not allowed");
    }

    private ObjectNode discovery() {
        ObjectNode d = json.createObjectNode();
        d.put("issuer", issuer);
        d.put("authorization_endpoint", issuer + "/oauth2/v1/authorize");
        d.put("token_endpoint", issuer + "/oauth2/v1/token");
        d.put("userinfo_endpoint", issuer + "/oauth2/v1/userinfo");
        d.put("jwks_uri", issuer + "/oauth2/v1/keys");
        d.set("response_types_supported", strings("code"));
        d.set("response_modes_supported", strings("query"));
        d.set("grant_types_supported", strings("authorization_code"));
        d.set("subject_types_supported", strings("public"));
        d.set("id_token_signing_alg_values_supported", strings("RS256"));
        d.set("scopes_supported", strings("openid", "profile", "email", "groups"));
        d.set("token_endpoint_auth_methods_supported", strings("client_secret_basic", "client_secret_post"));
        d.set("claims_supported", strings("iss", "sub", "aud", "iat", "exp", "nonce", "name", "preferred_username", "email", "groups"));
        d.set("code_challenge_methods_supported", strings("S256"));
        return d;
    }

    private ObjectNode keys() {
        RSAPublicKey key = (RSAPublicKey) signingKey.getPublic();
        ObjectNode jwks = json.createObjectNode();
        ObjectNode jwk = jwks.putArray("keys").addObject();
        jwk.put("kty", "RSA");
        jwk.put("alg", "RS256");
        jwk.put("kid", KEY_ID);
        jwk.put("use", "sig");
        jwk.put("e", base64Url(unsigned(key.getPublicExponent())));
        jwk.put("n", base64Url(unsigned(key.getModulus())));
        return jwks;
    }

    /**
     * Okta shows its error page (no redirect) when the client or redirect URI is wrong, so nothing is sent to an
     * unregistered address; other problems go back to the app as {@code error=...}.
     */
    private SimResponse authorizeForm(Map<String, List<String>> params, Optional<String> failure) {
        String clientId = SimRequest.first(params, "client_id");
        String redirectUri = SimRequest.first(params, "redirect_uri");
        if (!CONSOLE_CLIENT_ID.equals(clientId)) {
            return page(400, "Invalid client", "<p>The client_id is not a registered application.</p>");
        }
        if (!registered(redirectUri)) {
            return page(400, "Invalid redirect_uri",
                    "<p>The redirect_uri is not registered for this app (the sandbox registers http(s) on 127.0.0.1 and localhost).</p>");
        }
        String state = Optional.ofNullable(SimRequest.first(params, "state")).orElse("");
        if (!"code".equals(SimRequest.first(params, "response_type"))) {
            return redirect(redirectUri, Map.of("error", "unsupported_response_type", "state", state));
        }
        String scope = Optional.ofNullable(SimRequest.first(params, "scope")).orElse("");
        if (!Arrays.asList(scope.split(" ")).contains("openid")) {
            return redirect(redirectUri, Map.of("error", "invalid_scope", "error_description", "openid is required", "state", state));
        }
        String challenge = SimRequest.first(params, "code_challenge");
        if (challenge == null || !"S256".equals(SimRequest.first(params, "code_challenge_method"))) {
            return redirect(redirectUri, Map.of("error", "invalid_request",
                    "error_description", "PKCE code_challenge with code_challenge_method S256 is required", "state", state));
        }
        StringBuilder hidden = new StringBuilder();
        for (String name : List.of("client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "code_challenge",
                "code_challenge_method")) {
            String value = SimRequest.first(params, name);
            if (value != null) {
                hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(escape(value)).append("\">\n");
            }
        }
        String error = failure.map(f -> "<p class=\"error\" role=\"alert\" id=\"okta-signin-error\">" + escape(f) + "</p>").orElse("");
        return page(failure.isPresent() ? 401 : 200, "Sign In", """
                <h1>Sign In</h1>
                <p>Okta sandbox: sign in to the scephub console.</p>
                %s
                <form method="post" action="/oauth2/v1/authorize">
                %s<label for="okta-signin-username">Username</label>
                <input id="okta-signin-username" name="username" type="text" autocomplete="username" autofocus>
                <label for="okta-signin-password">Password</label>
                <input id="okta-signin-password" name="password" type="password" autocomplete="current-password">
                <button id="okta-signin-submit" type="submit">Sign In</button>
                </form>
                """.formatted(error, hidden));
    }

    private SimResponse signIn(Map<String, List<String>> form, Instant now) {
        SimResponse checked = authorizeForm(form, Optional.empty());
        if (checked.status() != 200) {
            return checked;
        }
        String login = Optional.ofNullable(SimRequest.first(form, "username")).orElse("");
        String password = Optional.ofNullable(SimRequest.first(form, "password")).orElse("");
        Optional<DemoUser> user = DEMO_USERS.stream()
                .filter(u -> u.login().equalsIgnoreCase(login.trim()) && MessageDigest.isEqual(
                        u.password().getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8)))
                .findFirst();
        if (user.isEmpty()) {
            return authorizeForm(form, Optional.of("Unable to sign in"));
        }
        String code = ids.secret256();
        codes.put(code, new Code(SimRequest.first(form, "redirect_uri"), user.get(), Optional.ofNullable(SimRequest.first(form, "nonce")),
                SimRequest.first(form, "code_challenge"), SimRequest.first(form, "scope"), now.plus(CODE_LIFETIME)));
        return redirect(SimRequest.first(form, "redirect_uri"),
                Map.of("code", code, "state", Optional.ofNullable(SimRequest.first(form, "state")).orElse("")));
    }

    private SimResponse token(SimRequest request, Instant now) {
        Map<String, List<String>> form = SimRequest.parseQuery(request.body());
        if (!authenticatedClient(request, form)) {
            return oauthError(401, "invalid_client", "Client authentication failed.");
        }
        Code code = codes.remove(Optional.ofNullable(SimRequest.first(form, "code")).orElse(""));
        if (code == null || code.expiresAt().isBefore(now)) {
            return oauthError(400, "invalid_grant", "The authorization code is invalid or has expired.");
        }
        if (!code.redirectUri().equals(SimRequest.first(form, "redirect_uri"))) {
            return oauthError(400, "invalid_grant", "The redirect_uri does not match the one used in the authorization request.");
        }
        String verifier = SimRequest.first(form, "code_verifier");
        if (verifier == null || !base64Url(Ids.sha256(verifier.getBytes(StandardCharsets.US_ASCII))).equals(code.codeChallenge())) {
            return oauthError(400, "invalid_grant", "PKCE verification failed.");
        }
        String accessToken = ids.secret256();
        accessTokens.put(accessToken, code.user());
        ObjectNode body = json.createObjectNode();
        body.put("token_type", "Bearer");
        body.put("expires_in", TOKEN_LIFETIME.toSeconds());
        body.put("access_token", accessToken);
        body.put("scope", code.scope());
        body.put("id_token", idToken(code.user(), code.nonce(), now));
        return SimResponse.json(200, write(body)).withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
    }

    private boolean authenticatedClient(SimRequest request, Map<String, List<String>> form) {
        String id;
        String secret;
        String authorization = request.header("Authorization").orElse("");
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return false;
            }
            id = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        } else {
            id = SimRequest.first(form, "client_id");
            secret = SimRequest.first(form, "client_secret");
        }
        return CONSOLE_CLIENT_ID.equals(id) && secret != null
                && MessageDigest.isEqual(clientSecret.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
    }

    private String idToken(DemoUser user, Optional<String> nonce, Instant now) {
        ObjectNode header = json.createObjectNode().put("alg", "RS256").put("kid", KEY_ID).put("typ", "JWT");
        ObjectNode claims = json.createObjectNode();
        claims.put("iss", issuer);
        claims.put("sub", Ids.stableOkta("00u", user.login()));
        claims.put("aud", CONSOLE_CLIENT_ID);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(TOKEN_LIFETIME).getEpochSecond());
        claims.put("auth_time", now.getEpochSecond());
        nonce.ifPresent(n -> claims.put("nonce", n));
        claims.put("name", user.name());
        claims.put("preferred_username", user.login());
        claims.put("email", user.login());
        ArrayNode groups = claims.putArray("groups");
        user.groups().forEach(groups::add);
        String input = base64Url(write(header).getBytes(StandardCharsets.UTF_8)) + "." + base64Url(write(claims).getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(signingKey.getPrivate());
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + base64Url(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the sandbox ID token", e);
        }
    }

    private SimResponse userinfo(SimRequest request) {
        String authorization = request.header("Authorization").orElse("");
        DemoUser user = authorization.startsWith("Bearer ") ? accessTokens.get(authorization.substring(7)) : null;
        if (user == null) {
            return SimResponse.empty(401).withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        ObjectNode claims = json.createObjectNode();
        claims.put("sub", Ids.stableOkta("00u", user.login()));
        claims.put("name", user.name());
        claims.put("preferred_username", user.login());
        claims.put("email", user.login());
        ArrayNode groups = claims.putArray("groups");
        user.groups().forEach(groups::add);
        return SimResponse.json(200, write(claims));
    }

    /** The sandbox registers every http(s) redirect URI on the loopback interface, whatever its port. */
    private static boolean registered(String redirectUri) {
        if (redirectUri == null) {
            return false;
        }
        try {
            URI uri = new URI(redirectUri);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && ("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost())) && uri.getFragment() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static SimResponse redirect(String target, Map<String, String> params) {
        StringBuilder location = new StringBuilder(target).append(target.contains("?") ? '&' : '?');
        params.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> location.append(e.getKey()).append('=')
                .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).append('&'));
        location.setLength(location.length() - 1);
        return SimResponse.empty(302).withHeader("Location", location.toString()).withHeader("Cache-Control", "no-store");
    }

    private static SimResponse page(int status, String title, String body) {
        String html = """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s - Okta (sandbox)</title>
                <meta name="viewport" content="width=device-width, initial-scale=1"></head>
                <body>
                <main>
                %s</main>
                </body></html>
                """.formatted(escape(title), body);
        return SimResponse.text(status, "text/html; charset=utf-8", html).withHeader("Cache-Control", "no-store");
    }

    private SimResponse oauthError(int status, String error, String description) {
        ObjectNode body = json.createObjectNode().put("error", error).put("error_description", description);
        return SimResponse.json(status, write(body));
    }

    private ArrayNode strings(String... values) {
        ArrayNode array = json.createArrayNode();
        Arrays.stream(values).forEach(array::add);
        return array;
    }

    private String write(ObjectNode node) {
        return SimJson.write(json, node);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
