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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OktaSimulatorTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");
    private static KeyPair serviceAppKey;
    private static Sandbox sandbox;
    private static TestHttp okta;
    private static String base;
    private static String caId;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        serviceAppKey = generator.generateKeyPair();
        sandbox = Sandbox.start(SandboxOptions.builder().oktaClientPublicKey(serviceAppKey.getPublic()).build());
        okta = new TestHttp("SSWS " + sandbox.options().oktaApiToken());
        base = sandbox.oktaBaseUrl();
        caId = sandbox.okta().oktaCaId();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
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
    void rotateSecretIsOnlyForStaticAndReturns43Base64UrlCharacters() {
        String staticId = createRa("{\"name\":\"s\",\"platform\":\"MACOS\",\"challengeType\":\"STATIC\"}").get("id").asText();
        String dynamicId = createRa("{\"name\":\"d\",\"platform\":\"MACOS\",\"challengeType\":\"DYNAMIC\"}").get("id").asText();
        HttpResponse<String> rotated = okta.send("POST", ras() + "/" + staticId + "/lifecycle/rotateSecret", null);
        String secret = TestHttp.json(rotated).get("secret").asText();
        assertThat(secret).matches("[A-Za-z0-9_-]{43}");
        assertThat(sandbox.okta().staticSecret(staticId)).contains(secret);
        assertThat(okta.send("POST", ras() + "/" + dynamicId + "/lifecycle/rotateSecret", null).statusCode()).isEqualTo(400);
        HttpResponse<String> reset = okta.send("POST", ras() + "/" + dynamicId + "/lifecycle/resetCredentials", null);
        assertThat(TestHttp.json(reset).get("password").asText()).isEqualTo(sandbox.okta().dynamicPassword(dynamicId).orElseThrow());
        HttpResponse<String> deactivated = okta.send("POST", ras() + "/" + staticId + "/lifecycle/deactivate", null);
        assertThat(TestHttp.json(deactivated).get("status").asText()).isEqualTo("INACTIVE");
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
    void customCaAcceptsPemAndRefusesPkcs7AndMacOs() throws Exception {
        Pki pki = new Pki();
        Pki.Issued custom = pki.caCertificate("CN=Example Issuing CA", null, Instant.now(), Duration.ofDays(30));
        String pem = Pki.pem(custom.certificate());
        HttpResponse<String> created = okta.send("POST", base + "/api/v1/certificateAuthorities",
                TestHttp.JSON.createObjectNode().put("name", "Example").put("chain", pem).toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String customId = TestHttp.json(created).get("id").asText();
        assertThat(customId).isEqualTo(Ids.sha1Hex(custom.certificate().getEncoded()));

        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addCertificates(new JcaCertStore(List.of(custom.certificate())));
        byte[] pkcs7 = generator.generate(new CMSProcessableByteArray(new byte[0])).getEncoded();
        String pkcs7Pem = "-----BEGIN PKCS7-----\n" + Base64.getMimeEncoder().encodeToString(pkcs7) + "\n-----END PKCS7-----\n";
        for (String chain : List.of(pkcs7Pem, Base64.getEncoder().encodeToString(pkcs7))) {
            HttpResponse<String> refused = okta.send("POST", base + "/api/v1/certificateAuthorities",
                    TestHttp.JSON.createObjectNode().put("name", "p7").put("chain", chain).toString());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(TestHttp.json(refused).get("errorCode").asText()).isEqualTo("E0000001");
            assertThat(TestHttp.json(refused).at("/errorCauses/0/errorSummary").asText())
                    .startsWith("chain: only PEM or DER X.509 certificates are accepted");
        }
        HttpResponse<String> mac = okta.send("POST", base + "/api/v1/certificateAuthorities/" + customId
                + "/registrationAuthorities", "{\"name\":\"m\",\"platform\":\"MACOS\",\"challengeType\":\"STATIC\"}");
        assertThat(mac.statusCode()).isEqualTo(400);
        HttpResponse<String> duplicate = okta.send("POST", base + "/api/v1/certificateAuthorities",
                TestHttp.JSON.createObjectNode().put("name", "Again").put("chain", pem).toString());
        assertThat(TestHttp.json(duplicate).at("/errorCauses/0/errorSummary").asText()).contains("already exists");
        assertThat(okta.send("DELETE", base + "/api/v1/certificateAuthorities/" + caId, null).statusCode()).isEqualTo(403);
        assertThat(okta.send("DELETE", base + "/api/v1/certificateAuthorities/" + customId, null).statusCode()).isEqualTo(204);
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
        HttpResponse<String> token = tokenRequest(good);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String accessToken = TestHttp.json(token).get("access_token").asText();
        assertThat(new TestHttp("Bearer " + accessToken).get(ras()).statusCode()).isEqualTo(200);

        assertThat(tokenRequest(good).statusCode()).as("a replayed jti").isEqualTo(401);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        HttpResponse<String> forged = tokenRequest(assertion(generator.generateKeyPair(), "jti-2"));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(TestHttp.json(forged).get("error").asText()).isEqualTo("invalid_client");
    }

    private HttpResponse<String> tokenRequest(String assertion) {
        String form = "grant_type=client_credentials&scope=okta.groups.read&client_assertion_type="
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
