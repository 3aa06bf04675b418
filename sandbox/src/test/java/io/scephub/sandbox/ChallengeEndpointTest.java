package io.scephub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChallengeEndpointTest {

    @AutoClose
    private static Sandbox sandbox;
    private static String challengesUrl;
    private static String signerUrl;
    private TestHttp graph;

    @BeforeAll
    static void start() {
        sandbox = TestSandbox.running(SandboxOptions.defaults());
        challengesUrl = sandbox.authorityHost() + "/sandbox/intune/challenges";
        signerUrl = sandbox.authorityHost() + "/sandbox/intune/challenge-signer";
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
        graph = new TestHttp("Bearer " + sandbox.graph().issueAccessToken());
    }

    @Test
    void signerEndpointServesTheSameTrustMaterialAsTheJavaApi() {
        HttpResponse<String> response = graph.get(signerUrl);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = TestHttp.json(response);
        ChallengeIssuer challenges = sandbox.challenges();
        assertThat(body.get("issuer").asText()).isEqualTo(challenges.issuer())
                .isEqualTo("intune:" + SandboxOptions.DEFAULT_TENANT_ID);
        assertThat(body.get("trustAnchorPem").asText()).isEqualTo(challenges.signerRootPem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(body.get("signerEku").asText()).isEqualTo("1.3.6.1.5.5.7.3.3");
        assertThat(body.get("kid").asText()).isEqualTo(challenges.kid());
        assertThat(body.get("kidPublicKeyPem").asText()).isEqualTo(challenges.kidPublicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void challengeEndpointIssuesAVerifiableKeyBoundChallenge() throws Exception {
        KeyPair deviceKey = new Pki().ecKeyPair();
        ObjectNode request = TestHttp.JSON.createObjectNode().put("audience", "okta-scep:windows-intune")
                .put("subject", "device-42").put("platform", "windows").put("lifetimeSeconds", 300)
                .put("csrPublicKey", Base64.getEncoder().encodeToString(deviceKey.getPublic().getEncoded()));
        request.putObject("scephubCsr").put("keyType", "EC");

        HttpResponse<String> response = graph.send("POST", challengesUrl, request.toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        SignedJWT jwt = SignedJWT.parse(TestHttp.json(response).get("challenge").asText());
        assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) ChallengeIssuerTest.chain(jwt).get(0).getPublicKey()))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(sandbox.challenges().issuer());
        assertThat(claims.getAudience()).containsExactly("okta-scep:windows-intune");
        assertThat(claims.getSubject()).isEqualTo("device-42");
        assertThat(claims.getStringClaim("scephub_platform")).isEqualTo("windows");
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(300_000);
        assertThat(claims.getJSONObjectClaim("scephub_csr")).containsEntry("keyType", "EC");
        String digest = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(deviceKey.getPublic().getEncoded()));
        assertThat(claims.getJSONObjectClaim("cnf")).containsEntry("spki#S256", digest);
        assertThat(sandbox.requests().of(Vendor.GRAPH)).extracting(RecordedRequest::path).contains("/sandbox/intune/challenges");
    }

    @Test
    void challengeEndpointHonoursKidAndDefects() throws Exception {
        ObjectNode request = TestHttp.JSON.createObjectNode().put("audience", "okta-scep:macos").put("subject", "mac-1")
                .put("useKid", true);
        request.putArray("defects").add("EXPIRED").add("WRONG_AUDIENCE");

        HttpResponse<String> response = graph.send("POST", challengesUrl, request.toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        SignedJWT jwt = SignedJWT.parse(TestHttp.json(response).get("challenge").asText());
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(sandbox.challenges().kid());
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(ChallengeDefect.WRONG_AUDIENCE_VALUE);
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isInThePast();
    }

    @Test
    void bothEndpointsNeedAGraphBearerToken() {
        TestHttp anonymous = new TestHttp(null);
        TestHttp forged = new TestHttp("Bearer not-a-token-the-sandbox-issued");

        HttpResponse<String> noToken = anonymous.send("POST", challengesUrl, "{\"audience\":\"a\",\"subject\":\"d\"}");
        HttpResponse<String> badToken = forged.get(signerUrl);

        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(TestHttp.json(noToken).at("/error/code").asText()).isEqualTo("InvalidAuthenticationToken");
        assertThat(noToken.body()).doesNotContain("challenge\"");
        assertThat(badToken.statusCode()).isEqualTo(401);
    }

    @Test
    void badChallengeRequestsGetSpecificErrors() {
        assertError(graph.send("POST", challengesUrl, "{\"subject\":\"d\"}"), 400, "'audience' is missing");
        assertError(graph.send("POST", challengesUrl, "{\"audience\":\"a\",\"subject\":\"d\",\"tenant\":\"x\"}"), 400,
                "Unknown members [tenant]");
        assertError(graph.send("POST", challengesUrl, "{\"audience\":\"a\",\"subject\":\"d\",\"lifetimeSeconds\":-5}"), 400,
                "'lifetimeSeconds' is -5");
        assertError(graph.send("POST", challengesUrl, "{\"audience\":\"a\",\"subject\":\"d\",\"csrPublicKey\":\"AAEC\"}"), 400,
                "not a DER SubjectPublicKeyInfo");
        assertError(graph.send("POST", challengesUrl, "{\"audience\":\"a\",\"subject\":\"d\",\"platform\":\"linux\"}"), 400,
                "'linux' is not one of macos, windows");
        assertError(graph.send("POST", challengesUrl, "{\"audience\":\"a\",\"subject\":\"d\",\"defects\":[\"SLOW\"]}"), 400,
                "Defect \"SLOW\" is unknown");
        assertError(graph.send("POST", challengesUrl, "not json"), 400, "not valid JSON");
        assertError(graph.get(challengesUrl), 405, "not allowed");
        assertError(graph.get(sandbox.authorityHost() + "/sandbox/intune/other"), 404, "/sandbox/intune/other");
    }

    private static void assertError(HttpResponse<String> response, int status, String messagePart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(TestHttp.json(response).at("/error/message").asText()).contains(messagePart);
    }

    @Test
    void challengeRequestsAreNotCountedAgainstIntuneThrottling() {
        try (Sandbox throttled = TestSandbox.running(SandboxOptions.builder().graphWritesPer20s(1).build())) {
            TestHttp client = new TestHttp("Bearer " + throttled.graph().issueAccessToken());
            String url = throttled.authorityHost() + "/sandbox/intune/challenges";
            List<Integer> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                statuses.add(client.send("POST", url, "{\"audience\":\"a\",\"subject\":\"d\"}").statusCode());
            }
            assertThat(statuses).containsOnly(200);
        }
    }
}
