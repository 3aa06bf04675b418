package io.scephub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Okta's SCEP service in the sandbox, driven by the sandbox's own small SCEP client. */
class ScepServerTest {

    private static final Pattern CHALLENGE = Pattern.compile("The enrollment challenge password is: <B> (\\S+) </B>");
    private static final Instant START = Instant.now();
    private static final String APP_ID = "11111111-2222-4333-8444-555555555555";
    private static final String ODA_EXTENSION = "1.3.6.1.4.1.51150.13.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private static final MutableClock clock = new MutableClock(START);
    @AutoClose
    private static Sandbox sandbox;
    private static TestHttp okta;
    private static KeyPair deviceKey;
    private final ScepClient client = new ScepClient();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        sandbox = TestSandbox.running(SandboxOptions.builder().clock(clock).build());
        okta = new TestHttp("SSWS " + sandbox.options().oktaApiToken());
        deviceKey = ScepClient.newDeviceKey();
    }

    @BeforeEach
    void reset() {
        clock.set(START);
        sandbox.reset();
    }

    private static JsonNode createRa(String caId, String body) {
        HttpResponse<String> response = okta.send("POST", sandbox.oktaBaseUrl() + "/api/v1/certificateAuthorities/" + caId
                + "/registrationAuthorities", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return TestHttp.json(response);
    }

    private static JsonNode oktaRa(String challengeType, String extra) {
        return createRa(sandbox.okta().oktaCaId(), "{\"name\":\"scephub windows\",\"description\":\"[scephub:okta.scep-configuration/windows-"
                + challengeType.toLowerCase(java.util.Locale.ROOT) + "]\",\"platform\":\"WINDOWS\",\"challengeType\":\""
                + challengeType + "\"" + extra + "}");
    }

    private HttpResponse<String> fetchChallenge(JsonNode ra, String username, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ra.at("/dynamic/challengeUrl").asText())).GET();
        if (username != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String dynamicChallenge(JsonNode ra) throws Exception {
        HttpResponse<String> page = fetchChallenge(ra, ra.at("/dynamic/username").asText(), ra.at("/dynamic/password").asText());
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher matcher = CHALLENGE.matcher(page.body());
        assertThat(matcher.find()).as(page.body()).isTrue();
        return matcher.group(1);
    }

    @Test
    void scepUrlHasTheShapeOfRealOktaUrlsAndGetCaCapsOffersPostSha256AesButNoRenewal() {
        JsonNode ra = oktaRa("STATIC", "");
        assertThat(ra.get("scepUrl").asText()).matches("http://127\\.0\\.0\\.1:\\d+/pki/[0-9A-F]{40}/scep/rac[0-9A-Za-z]{17}");
        assertThat(client.caps(ra.get("scepUrl").asText()))
                .containsExactlyInAnyOrder("POSTPKIOperation", "SHA-256", "AES", "SCEPStandard");
    }

    @Test
    void getCaCertReturnsOktasChainAsADegeneratePkcs7() throws Exception {
        JsonNode ra = oktaRa("STATIC", "");
        HttpResponse<byte[]> raw = http.send(HttpRequest.newBuilder(URI.create(ra.get("scepUrl").asText() + "?operation=GetCACert"))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(raw.headers().firstValue("Content-Type")).hasValue("application/x-x509-ca-ra-cert");
        List<X509Certificate> chain = client.caCertificates(ra.get("scepUrl").asText());
        assertThat(chain.stream().map(ScepServerTest::pem).toList())
                .containsExactlyElementsOf(List.of(sandbox.okta().oktaCaChainPem().split("(?<=-----END CERTIFICATE-----\n)")));
    }

    @Test
    void staticSecretEnrolsAndTheCertificateCarriesTheDeviceAccessExtensionAndClientAuthentication() throws Exception {
        JsonNode ra = oktaRa("STATIC", "");
        String secret = sandbox.okta().staticSecret(ra.get("id").asText()).orElseThrow();
        ScepClient.Outcome outcome = client.enrol(ra.get("scepUrl").asText(), "CN=WS1-DEVICE-0001", secret, deviceKey);

        assertThat(outcome.pkiStatus()).isEqualTo("SUCCESS");
        X509Certificate issued = outcome.certificate().orElseThrow();
        assertThat(issued.getSubjectX500Principal().getName()).isEqualTo("CN=WS1-DEVICE-0001");
        assertThat(issued.getPublicKey()).isEqualTo(deviceKey.getPublic());
        assertThat(issued.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        byte[] extension = issued.getExtensionValue(ODA_EXTENSION);
        assertThat(ASN1Integer.getInstance(ASN1OctetString.getInstance(extension).getOctets()).intValueExact()).isEqualTo(1);
        assertThat(issued.getNonCriticalExtensionOIDs()).contains(ODA_EXTENSION);
        issued.verify(client.caCertificates(ra.get("scepUrl").asText()).get(0).getPublicKey());
        assertThat(sandbox.scep().decisions()).singleElement().satisfies(d -> assertThat(d.reason()).isEqualTo("issued"));
    }

    @Test
    void aWrongStaticSecretIsAFailureWithBadRequest() {
        JsonNode ra = oktaRa("STATIC", "");
        ScepClient.Outcome outcome = client.enrol(ra.get("scepUrl").asText(), "CN=WS1-DEVICE-0002", "not-the-secret", deviceKey);
        assertThat(outcome.pkiStatus()).isEqualTo("FAILURE");
        assertThat(outcome.failInfo()).hasValue("badRequest");
        assertThat(outcome.certificate()).isEmpty();
        assertThat(sandbox.scep().decisions()).singleElement().satisfies(d -> assertThat(d.reason()).isEqualTo("wrong challenge"));
    }

    @Test
    void theClientWaitsOutAThrottledAnswerLikeADevice() {
        JsonNode ra = oktaRa("STATIC", "");
        String secret = sandbox.okta().staticSecret(ra.get("id").asText()).orElseThrow();
        sandbox.faults().nextN(Vendor.OKTA, 2, Fault.status(429).retryAfter("0"));
        assertThat(client.enrol(ra.get("scepUrl").asText(), "CN=THROTTLED", secret, deviceKey).issued()).isTrue();
        assertThat(sandbox.requests().of(Vendor.OKTA).stream().filter(RecordedRequest::faulted).count()).isEqualTo(2);
    }

    @Test
    void pkiOperationByGetWorksLikePost() {
        JsonNode ra = oktaRa("STATIC", "");
        String secret = sandbox.okta().staticSecret(ra.get("id").asText()).orElseThrow();
        assertThat(client.usingGet().enrol(ra.get("scepUrl").asText(), "CN=GET-DEVICE", secret, deviceKey).issued()).isTrue();
    }

    @Test
    void theChallengeUrlWantsTheConfigurationsBasicCredentials() throws Exception {
        JsonNode ra = oktaRa("DYNAMIC", "");
        assertThat(fetchChallenge(ra, null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = fetchChallenge(ra, ra.at("/dynamic/username").asText(), "wrong-password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(dynamicChallenge(ra)).isNotEqualTo(dynamicChallenge(ra)).matches("[0-9A-Za-z]{32}");
    }

    @Test
    void aDynamicChallengeEnrolsOnceAndItsReplayIsRefused() throws Exception {
        JsonNode ra = oktaRa("DYNAMIC", "");
        String challenge = dynamicChallenge(ra);
        String url = ra.get("scepUrl").asText();

        assertThat(client.enrol(url, "CN=MAC-0001", challenge, deviceKey).issued()).isTrue();
        ScepClient.Outcome replay = client.enrol(url, "CN=MAC-0001", challenge, deviceKey);

        assertThat(replay.pkiStatus()).isEqualTo("FAILURE");
        assertThat(replay.failInfo()).hasValue("badRequest");
        assertThat(sandbox.scep().decisions()).extracting(ScepDecision::reason).containsExactly("issued", "challenge already used");
    }

    @Test
    void anExpiredOrForeignDynamicChallengeIsRefused() throws Exception {
        JsonNode ra = oktaRa("DYNAMIC", "");
        JsonNode other = oktaRa("DYNAMIC", "");
        String stale = dynamicChallenge(ra);
        String foreign = dynamicChallenge(other);
        clock.advance(sandbox.scep().dynamicChallengeLifetime().plusSeconds(1));

        assertThat(client.enrol(ra.get("scepUrl").asText(), "CN=MAC-0002", stale, deviceKey).failInfo()).hasValue("badRequest");
        assertThat(client.enrol(ra.get("scepUrl").asText(), "CN=MAC-0002", foreign, deviceKey).failInfo()).hasValue("badRequest");
        assertThat(sandbox.scep().decisions()).extracting(ScepDecision::reason).containsExactly("challenge expired", "wrong challenge");
    }

    private JsonNode delegatedRa() {
        return oktaRa("DELEGATED", ",\"delegated\":{\"tenantId\":\"" + sandbox.options().tenantId() + "\",\"appId\":\"" + APP_ID + "\"}");
    }

    private String delegatedChallenge(ChallengeDefect... defects) {
        ChallengeRequest.Builder request = ChallengeRequest.builder("okta-scep:windows-delegated", "WIN-0001")
                .platform("windows").csrPublicKey(deviceKey.getPublic());
        for (ChallengeDefect defect : defects) {
            request.defect(defect);
        }
        return sandbox.challenges().issue(request.build());
    }

    @Test
    void aDelegatedChallengeFromTheIntuneSignerEnrolsOnceAndItsReplayIsRefused() {
        String url = delegatedRa().get("scepUrl").asText();
        String challenge = delegatedChallenge();

        assertThat(client.enrol(url, "CN=WIN-0001", challenge, deviceKey).issued()).isTrue();
        assertThat(client.enrol(url, "CN=WIN-0001", challenge, deviceKey).failInfo()).hasValue("badRequest");
        assertThat(sandbox.scep().decisions()).extracting(ScepDecision::reason).containsExactly("issued", "REPLAYED");
    }

    @Test
    void flawedDelegatedChallengesAreRefusedWithTheirReasons() {
        String url = delegatedRa().get("scepUrl").asText();
        for (ChallengeDefect defect : List.of(ChallengeDefect.EXPIRED, ChallengeDefect.WRONG_AUDIENCE,
                ChallengeDefect.BAD_SIGNATURE, ChallengeDefect.UNTRUSTED_SIGNER, ChallengeDefect.WRONG_ISSUER)) {
            assertThat(client.enrol(url, "CN=WIN-0001", delegatedChallenge(defect), deviceKey).failInfo())
                    .as(defect.name()).hasValue("badRequest");
        }
        String boundToAnotherKey = sandbox.challenges().issue(ChallengeRequest.builder("okta-scep:windows-delegated", "WIN-0001")
                .csrPublicKey(new Pki().ecKeyPair().getPublic()).build());
        assertThat(client.enrol(url, "CN=WIN-0001", boundToAnotherKey, deviceKey).failInfo()).hasValue("badRequest");
        assertThat(sandbox.scep().decisions()).extracting(ScepDecision::reason).containsExactly("EXPIRED", "WRONG_AUDIENCE",
                "BAD_SIGNATURE", "UNTRUSTED_SIGNER", "WRONG_ISSUER", "CSR_MISMATCH");
    }

    @Test
    void aCustomCaConfigurationServesItsChainButIssuesNothing() throws Exception {
        Pki pki = new Pki();
        Pki.Issued custom = pki.caCertificate("CN=Example Issuing CA", null, START.minus(Duration.ofDays(1)), Duration.ofDays(30));
        // Okta's API cannot upload a CA: the console does (docs/contracts/okta-device-access.md).
        String customId = sandbox.okta().uploadCustomCaInConsole("Example", Pki.pem(custom.certificate()));
        JsonNode ra = createRa(customId,
                "{\"name\":\"custom\",\"platform\":\"WINDOWS\",\"challengeType\":\"STATIC\"}");
        String url = ra.get("scepUrl").asText();

        HttpResponse<byte[]> caCert = http.send(HttpRequest.newBuilder(URI.create(url + "?operation=GetCACert")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(caCert.headers().firstValue("Content-Type")).hasValue("application/x-x509-ca-cert");
        assertThat(caCert.body()).isEqualTo(custom.certificate().getEncoded());
        HttpResponse<byte[]> pkiOperation = http.send(HttpRequest.newBuilder(URI.create(url + "?operation=PKIOperation"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0x30, 0})).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pkiOperation.statusCode()).isEqualTo(501);
        assertThat(new String(pkiOperation.body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains(ra.get("id").asText()).contains("custom CA").contains("that CA's own SCEP service");
    }

    @Test
    void nonEnrolmentMessageTypesAreRefusedSayingWhy() {
        assertThat(ScepServer.unsupportedMessageType("17")).startsWith("RenewalReq (17) is refused")
                .contains("doesn't support renewal requests");
        assertThat(ScepServer.unsupportedMessageType("20")).contains("nothing is pending");
        assertThat(ScepServer.unsupportedMessageType("22")).contains("GetCert/GetCRL (22)");
        assertThat(ScepServer.unsupportedMessageType("99")).isEqualTo("messageType 99 is not supported: only PKCSReq (19)");
    }

    @Test
    void garbageAndUnknownOperationsAreHttpErrorsAndUnknownConfigurationsAre404() throws Exception {
        String url = oktaRa("STATIC", "").get("scepUrl").asText();
        HttpResponse<String> garbage = http.send(HttpRequest.newBuilder(URI.create(url + "?operation=PKIOperation"))
                .POST(HttpRequest.BodyPublishers.ofString("not a pkiMessage")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url + "?operation=GetNextCACert")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
        String unknown = url.substring(0, url.lastIndexOf('/') + 1) + "racUnknown00000000000";
        assertThat(http.send(HttpRequest.newBuilder(URI.create(unknown + "?operation=GetCACaps")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    private static String pem(X509Certificate certificate) {
        try {
            return Pki.pem(certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
