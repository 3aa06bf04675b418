package io.scephub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OktaSimulatorTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");
    private static KeyPair serviceAppKey;
    @AutoClose
    private static Sandbox sandbox;
    private static TestHttp okta;
    private static String base;
    private static String caId;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        serviceAppKey = generator.generateKeyPair();
        sandbox = TestSandbox.running(SandboxOptions.builder().oktaClientPublicKey(serviceAppKey.getPublic()).build());
        okta = new TestHttp("SSWS " + sandbox.options().oktaApiToken());
        base = sandbox.oktaBaseUrl();
        caId = sandbox.okta().oktaCaId();
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
    }

    private String ras() {
        return base + "/api/v1/certificateAuthorities/" + caId + "/registrationAuthorities";
    }

    private JsonNode createRa(String body) {
        HttpResponse<String> response = okta.send("POST", ras(), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return TestHttp.json(response);
    }

    @Test
    void oktaRootIsListedWithItsIdAsSha1AndItsChainIsServedAsPem() {
        HttpResponse<String> list = okta.get(base + "/api/v1/certificateAuthorities?type=ROOT");
        JsonNode cas = TestHttp.json(list);
        assertThat(cas).hasSize(1);
        assertThat(cas.get(0).get("id").asText()).isEqualTo(caId).matches("[0-9a-f]{40}");
        assertThat(cas.get(0).get("type").asText()).isEqualTo("OKTA");
        HttpResponse<String> cert = okta.get(base + "/api/v1/certificateAuthorities/" + caId + "/cert");
        assertThat(cert.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(cert.body().split("-----BEGIN CERTIFICATE-----")).hasSize(3);
        assertThat(list.headers().firstValue("X-Rate-Limit-Limit")).isPresent();
        assertThat(list.headers().firstValue("X-Rate-Limit-Remaining")).isPresent();
        assertThat(Long.parseLong(list.headers().firstValue("X-Rate-Limit-Reset").orElseThrow()))
                .isGreaterThan(Instant.now().getEpochSecond() - 1);
    }

    @Test
    void registrationAuthorityRoundTripsThroughCreateReadUpdateAndDelete() {
        JsonNode created = createRa("{\"name\":\"Windows pilot\",\"platform\":\"WINDOWS\",\"challengeType\":\"DYNAMIC\"}");
        String raId = created.get("id").asText();
        assertThat(raId).matches("rac[0-9A-Za-z]{17}");
        assertThat(created.get("scepUrl").asText()).isEqualTo(base + "/pki/" + caId.toUpperCase(java.util.Locale.ROOT) + "/scep/" + raId);
        assertThat(created.at("/dynamic/username").asText()).matches("okta-[a-z0-9]{6}");
        assertThat(created.at("/dynamic/password").asText()).isNotEmpty();
        assertThat(created.at("/dynamic/challengeUrl").asText()).endsWith("/registrationAuthorities/" + raId + "/challenge");

        JsonNode read = TestHttp.json(okta.get(ras() + "/" + raId));
        assertThat(read.get("name").asText()).isEqualTo("Windows pilot");
        assertThat(read.at("/dynamic/password").isMissingNode()).isTrue();

        HttpResponse<String> updated = okta.send("PUT", ras() + "/" + raId,
                "{\"name\":\"Windows fleet\",\"description\":\"all\",\"platform\":\"WINDOWS\"}");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(updated).get("name").asText()).isEqualTo("Windows fleet");

        assertThat(okta.send("DELETE", ras() + "/" + raId, null).statusCode()).isEqualTo(204);
        HttpResponse<String> gone = okta.get(ras() + "/" + raId);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(gone).get("errorCode").asText()).isEqualTo("E0000007");
        assertThat(okta.send("DELETE", ras() + "/" + raId, null).statusCode()).isEqualTo(404);
    }

    @Test
    void changingAnImmutableFieldIsRefusedWithE0000001() {
        String raId = createRa("{\"name\":\"Macs\",\"platform\":\"MACOS\",\"challengeType\":\"STATIC\"}").get("id").asText();
        HttpResponse<String> response = okta.send("PUT", ras() + "/" + raId,
                "{\"name\":\"Macs\",\"platform\":\"WINDOWS\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = TestHttp.json(response);
        assertThat(error.get("errorCode").asText()).isEqualTo("E0000001");
        assertThat(error.get("errorSummary").asText()).isEqualTo("Api validation failed: platform");
        assertThat(error.get("errorId").asText()).startsWith("oae");
        assertThat(error.at("/errorCauses/0/errorSummary").asText()).contains("immutable");
        assertThat(sandbox.okta().registrationAuthorities().get(0).get("platform").asText()).isEqualTo("MACOS");
    }

    @Test
    void unknownMembersBadEnumsAndMissingDelegatedDetailsAreEachNamed() {
        HttpResponse<String> response = okta.send("POST", ras(),
                "{\"name\":\"x\",\"platform\":\"LINUX\",\"challengeType\":\"DELEGATED\",\"colour\":\"red\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        List<String> causes = new ArrayList<>();
        TestHttp.json(response).get("errorCauses").forEach(cause -> causes.add(cause.get("errorSummary").asText()));
        assertThat(causes).anySatisfy(cause -> assertThat(cause).startsWith("colour: unknown property"))
                .anySatisfy(cause -> assertThat(cause).startsWith("platform: must be one of MACOS, WINDOWS"))
                .anySatisfy(cause -> assertThat(cause).startsWith("delegated: required"));
        assertThat(sandbox.okta().registrationAuthorities()).isEmpty();
    }

    @Test
    void delegatedRegistrationAuthorityKeepsTheIntuneTenantAndApp() {
        JsonNode created = createRa("{\"name\":\"Intune\",\"platform\":\"WINDOWS\",\"challengeType\":\"DELEGATED\","
                + "\"delegated\":{\"tenantId\":\"7f0d2a6e-5c1b-4e8a-9d3f-0a1b2c3d4e5f\",\"appId\":\"c0ffee00-1234-4abc-8def-0123456789ab\"}}");
        assertThat(created.at("/delegated/tenantId").asText()).isEqualTo("7f0d2a6e-5c1b-4e8a-9d3f-0a1b2c3d4e5f");
        assertThat(created.has("dynamic")).isFalse();
    }

    @Test
    void resetPasswordIsOnlyForDynamicAndRoutesOutsideOktasRouteTableAre404Or405() {
        String staticId = createRa("{\"name\":\"s\",\"platform\":\"MACOS\",\"challengeType\":\"STATIC\"}").get("id").asText();
        String dynamicId = createRa("{\"name\":\"d\",\"platform\":\"MACOS\",\"challengeType\":\"DYNAMIC\"}").get("id").asText();
        assertThat(sandbox.okta().staticSecret(staticId)).hasValueSatisfying(secret -> assertThat(secret).matches("[A-Za-z0-9_-]{43}"));
        assertThat(okta.send("POST", ras() + "/" + staticId + "/resetPassword", null).statusCode()).isEqualTo(400);
        String before = sandbox.okta().dynamicPassword(dynamicId).orElseThrow();
        HttpResponse<String> reset = okta.send("POST", ras() + "/" + dynamicId + "/resetPassword", null);
        assertThat(TestHttp.json(reset).get("password").asText()).isEqualTo(sandbox.okta().dynamicPassword(dynamicId).orElseThrow())
                .isNotEqualTo(before);
        for (String modelledBefore : List.of("lifecycle/rotateSecret", "lifecycle/resetCredentials", "lifecycle/deactivate",
                "lifecycle/activate")) {
            assertThat(okta.send("POST", ras() + "/" + staticId + "/" + modelledBefore, null).statusCode()).as(modelledBefore)
                    .isEqualTo(404);
        }
        assertThat(okta.send("GET", ras() + "/" + dynamicId + "/resetPassword", null).statusCode()).isEqualTo(405);
        assertThat(okta.send("POST", base + "/api/v1/devicetrust/somewhere", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void theChallengeUrlAnswersOnlyTheConfigurationsOwnBasicCredentialsEvenWithTheAdminRoutesOff() {
        JsonNode created = createRa("{\"name\":\"d\",\"platform\":\"MACOS\",\"challengeType\":\"DYNAMIC\"}");
        String raId = created.get("id").asText();
        String url = created.at("/dynamic/challengeUrl").asText();
        String basic = "Basic " + Base64.getEncoder().encodeToString((created.at("/dynamic/username").asText() + ":"
                + created.at("/dynamic/password").asText()).getBytes(StandardCharsets.UTF_8));
        sandbox.okta().deviceAccessApi(false);

        HttpResponse<String> page = new TestHttp(basic).get(url);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).containsPattern("challenge password is: <B> [A-Za-z0-9_-]+ </B>");
        assertThat(okta.get(url).statusCode()).as("the admin API token is not the challenge credential").isEqualTo(401);
        sandbox.okta().deviceAccessApi(true);
        okta.send("POST", ras() + "/" + raId + "/resetPassword", null);
        assertThat(new TestHttp(basic).get(url).statusCode()).as("the old password after a reset").isEqualTo(401);
    }

    @Test
    void listsPageWithLimitAndFollowTheNextLink() {
        for (int i = 0; i < 5; i++) {
            createRa("{\"name\":\"ra" + i + "\",\"platform\":\"WINDOWS\",\"challengeType\":\"STATIC\"}");
        }
        List<String> seen = new ArrayList<>();
        String url = ras() + "?limit=2";
        int pages = 0;
        while (url != null) {
            HttpResponse<String> page = okta.get(url);
            TestHttp.json(page).forEach(ra -> seen.add(ra.get("id").asText()));
            pages++;
            url = page.headers().allValues("Link").stream().map(NEXT::matcher).filter(Matcher::find)
                    .map(matcher -> matcher.group(1)).findFirst().orElse(null);
            if (url != null) {
                assertThat(url).startsWith(ras() + "?limit=2&after=");
            }
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void aCustomCaUploadedInTheConsoleIsListedAndTheApiCanNeitherUploadChangeNorDeleteOne() throws Exception {
        Pki pki = new Pki();
        Pki.Issued custom = pki.caCertificate("CN=Example Issuing CA", null, Instant.now(), Duration.ofDays(30));
        String pem = Pki.pem(custom.certificate());
        String customId = sandbox.okta().uploadCustomCaInConsole("Example", pem);
        assertThat(customId).isEqualTo(Ids.sha1Hex(custom.certificate().getEncoded()));
        assertThat(TestHttp.json(okta.get(base + "/api/v1/certificateAuthorities"))).extracting(ca -> ca.get("id").asText())
                .contains(customId, caId);
        assertThat(TestHttp.json(okta.get(base + "/api/v1/certificateAuthorities/" + customId)).get("type").asText()).isEqualTo("CUSTOM");

        HttpResponse<String> mac = okta.send("POST", base + "/api/v1/certificateAuthorities/" + customId
                + "/registrationAuthorities", "{\"name\":\"m\",\"platform\":\"MACOS\",\"challengeType\":\"STATIC\"}");
        assertThat(mac.statusCode()).isEqualTo(400);
        assertThat(okta.send("POST", base + "/api/v1/certificateAuthorities",
                TestHttp.JSON.createObjectNode().put("name", "Again").put("chain", pem).toString()).statusCode()).isEqualTo(405);
        assertThat(okta.send("PUT", base + "/api/v1/certificateAuthorities/" + customId, "{\"name\":\"x\"}").statusCode()).isEqualTo(405);
        assertThat(okta.send("DELETE", base + "/api/v1/certificateAuthorities/" + customId, null).statusCode()).isEqualTo(405);
        assertThat(okta.send("DELETE", base + "/api/v1/certificateAuthorities/" + caId, null).statusCode()).isEqualTo(405);
    }

    @Test
    void switchedOffTheDeviceAccessRoutesAre404WhileTheConsoleStillAddsConfigurations() {
        sandbox.okta().deviceAccessApi(false);

        HttpResponse<String> list = okta.get(base + "/api/v1/certificateAuthorities");
        assertThat(list.statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(list).get("errorCode").asText()).isEqualTo("E0000007");
        assertThat(okta.get(ras()).statusCode()).isEqualTo(404);
        assertThat(okta.get(base + "/api/v1/groups").statusCode()).isEqualTo(200);
        OktaSimulator.ConsoleConfiguration shown = sandbox.okta().addScepConfigurationInConsole("mac", "MACOS", "DYNAMIC");
        assertThat(shown.scepUrl()).isEqualTo(base + "/pki/" + caId.toUpperCase(java.util.Locale.ROOT) + "/scep/" + shown.raId());
        assertThat(shown.challengeUrl()).hasValueSatisfying(url -> assertThat(url).endsWith("/" + shown.raId() + "/challenge"));
        assertThat(shown.password()).isPresent();
        assertThat(shown.secretKey()).isEmpty();

        sandbox.okta().deviceAccessApi(true);
        assertThat(TestHttp.json(okta.get(ras()))).extracting(ra -> ra.get("id").asText()).containsExactly(shown.raId());
    }

    @Test
    void groupsAreFoundByExactNameSearch() {
        String search = URLEncoder.encode("profile.name eq \"ODA Macs\"", StandardCharsets.UTF_8);
        JsonNode groups = TestHttp.json(okta.get(base + "/api/v1/groups?search=" + search));
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).get("id").asText()).matches("00g[0-9A-Za-z]{17}");
        assertThat(groups.get(0).at("/profile/name").asText()).isEqualTo("ODA Macs");
        String none = URLEncoder.encode("profile.name eq \"ODA\"", StandardCharsets.UTF_8);
        assertThat(TestHttp.json(okta.get(base + "/api/v1/groups?search=" + none))).isEmpty();
        assertThat(okta.get(base + "/api/v1/groups?search=nonsense").statusCode()).isEqualTo(400);
    }

    @Test
    void missingOrWrongApiTokenGetsE0000011() {
        HttpResponse<String> none = new TestHttp(null).get(ras());
        HttpResponse<String> wrong = new TestHttp("SSWS not-the-token").get(ras());
        for (HttpResponse<String> response : List.of(none, wrong)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(TestHttp.json(response).get("errorCode").asText()).isEqualTo("E0000011");
            assertThat(response.headers().firstValue("X-Rate-Limit-Remaining")).isPresent();
        }
    }

    @Test
    void privateKeyJwtGivesABearerTokenAndABadSignatureIsRefused() throws Exception {
        String good = assertion(serviceAppKey, "jti-1");
        HttpResponse<String> token = tokenRequest(good, OktaSimulator.SCOPE_CA_MANAGE);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String accessToken = TestHttp.json(token).get("access_token").asText();
        assertThat(new TestHttp("Bearer " + accessToken).get(ras()).statusCode()).isEqualTo(200);

        assertThat(tokenRequest(good, OktaSimulator.SCOPE_CA_MANAGE).statusCode()).as("a replayed jti").isEqualTo(401);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        HttpResponse<String> forged = tokenRequest(assertion(generator.generateKeyPair(), "jti-2"), OktaSimulator.SCOPE_CA_MANAGE);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(TestHttp.json(forged).get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void scopesAreCheckedOnTheTokenAndOnEveryRoute() throws Exception {
        HttpResponse<String> unknown = tokenRequest(assertion(serviceAppKey, "jti-s1"), "okta.deviceAccess.manage");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(unknown).get("error").asText()).isEqualTo("invalid_scope");

        sandbox.okta().grantScopes(java.util.Set.of(OktaSimulator.SCOPE_CA_READ, "okta.groups.read"));
        HttpResponse<String> notGranted = tokenRequest(assertion(serviceAppKey, "jti-s2"), OktaSimulator.SCOPE_CA_MANAGE);
        assertThat(TestHttp.json(notGranted).get("error").asText()).isEqualTo("invalid_scope");

        TestHttp reader = new TestHttp("Bearer " + TestHttp.json(tokenRequest(assertion(serviceAppKey, "jti-s3"),
                OktaSimulator.SCOPE_CA_READ)).get("access_token").asText());
        assertThat(reader.get(ras()).statusCode()).isEqualTo(200);
        HttpResponse<String> write = reader.send("POST", ras(), "{\"name\":\"w\",\"platform\":\"WINDOWS\",\"challengeType\":\"STATIC\"}");
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(TestHttp.json(write).get("errorCode").asText()).isEqualTo("E0000006");
        assertThat(write.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h)
                .contains("insufficient_scope").contains("okta.certificateAuthorities.manage"));
        assertThat(reader.get(base + "/api/v1/groups").statusCode()).as("no groups scope in this token").isEqualTo(403);
    }

    private HttpResponse<String> tokenRequest(String assertion, String scope) {
        String form = "grant_type=client_credentials&scope=" + scope + "&client_assertion_type="
                + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&client_assertion=" + assertion;
        return new TestHttp(null).send("POST", base + "/oauth2/v1/token", form, "application/x-www-form-urlencoded");
    }

    private String assertion(KeyPair key, String jti) throws Exception {
        var encoder = Base64.getUrlEncoder().withoutPadding();
        String clientId = sandbox.options().oktaClientId();
        String header = encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
        String payload = encoder.encodeToString(TestHttp.JSON.createObjectNode().put("iss", clientId).put("sub", clientId)
                .put("aud", base + "/oauth2/v1/token").put("exp", Instant.now().getEpochSecond() + 300).put("jti", jti)
                .toString().getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key.getPrivate());
        signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + encoder.encodeToString(signer.sign());
    }
}
