package io.scephub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An independent SCEP client, Debian's {@code scepclient} (micromdm/scep 2.1), enrols against the
 * sandbox's Okta SCEP service with each challenge type and is refused with a bad one. The binary
 * must be installed ({@code apt-get install scep}; .ci/run does it); see {@link DebianScep}.
 */
class DebianScepClientInteropTest {

    private static final Pattern CHALLENGE = Pattern.compile("The enrollment challenge password is: <B> (\\S+) </B>");
    private static final String ODA_EXTENSION = "1.3.6.1.4.1.51150.13.1";
    @AutoClose
    private static Sandbox sandbox;
    private static TestHttp okta;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        DebianScep.require("scepclient");
        sandbox = TestSandbox.running();
        okta = new TestHttp("SSWS " + sandbox.options().oktaApiToken());
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
    }

    private static JsonNode ra(String challengeType, String extra) {
        HttpResponse<String> response = okta.send("POST", sandbox.oktaBaseUrl() + "/api/v1/certificateAuthorities/"
                + sandbox.okta().oktaCaId() + "/registrationAuthorities", "{\"name\":\"scephub debian\",\"description\":"
                + "\"[scephub:okta.scep-configuration/debian-" + challengeType.toLowerCase(java.util.Locale.ROOT)
                + "]\",\"platform\":\"WINDOWS\",\"challengeType\":\"" + challengeType + "\"" + extra + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return TestHttp.json(response);
    }

    private DebianScep.Result scepclient(String scepUrl, String challenge, String cn) {
        return DebianScep.run(List.of("/usr/bin/scepclient", "-server-url", scepUrl, "-challenge", challenge,
                "-private-key", dir.resolve("device.key").toString(), "-cn", cn, "-keySize", "2048"), dir);
    }

    private X509Certificate issued() throws Exception {
        byte[] pem = Files.readAllBytes(dir.resolve("client.pem"));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
    }

    private void assertIssuedByOkta(DebianScep.Result result, String cn) throws Exception {
        assertThat(result.exitCode()).as(result.output()).isZero();
        X509Certificate certificate = issued();
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=" + cn);
        assertThat(certificate.getExtensionValue(ODA_EXTENSION)).isNotNull();
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(certificate.getIssuerX500Principal().getName()).contains("Okta Device Access Issuing CA (sandbox)");
    }

    @Test
    void enrolsWithTheStaticSecret() throws Exception {
        JsonNode ra = ra("STATIC", "");
        String secret = sandbox.okta().staticSecret(ra.get("id").asText()).orElseThrow();
        assertIssuedByOkta(scepclient(ra.get("scepUrl").asText(), secret, "DEBIAN-STATIC"), "DEBIAN-STATIC");
    }

    @Test
    void enrolsWithADynamicChallengeFromTheChallengeUrl() throws Exception {
        JsonNode ra = ra("DYNAMIC", "");
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(ra.at("/dynamic/challengeUrl").asText()))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((ra.at("/dynamic/username").asText()
                        + ":" + ra.at("/dynamic/password").asText()).getBytes(StandardCharsets.UTF_8))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher matcher = CHALLENGE.matcher(page.body());
        assertThat(matcher.find()).as(page.body()).isTrue();
        assertIssuedByOkta(scepclient(ra.get("scepUrl").asText(), matcher.group(1), "DEBIAN-DYNAMIC"), "DEBIAN-DYNAMIC");
    }

    @Test
    void enrolsWithADelegatedChallengeFromTheIntuneSigner() throws Exception {
        JsonNode ra = ra("DELEGATED", ",\"delegated\":{\"tenantId\":\"" + sandbox.options().tenantId()
                + "\",\"appId\":\"11111111-2222-4333-8444-555555555555\"}");
        String challenge = sandbox.challenges().issue(ChallengeRequest.builder("okta-scep:debian-delegated", "DEBIAN-DELEGATED")
                .platform("windows").build());
        assertIssuedByOkta(scepclient(ra.get("scepUrl").asText(), challenge, "DEBIAN-DELEGATED"), "DEBIAN-DELEGATED");
    }

    @Test
    void aWrongChallengeIsRefusedWithBadRequest() {
        JsonNode ra = ra("STATIC", "");
        DebianScep.Result result = scepclient(ra.get("scepUrl").asText(), "wrong-secret", "DEBIAN-WRONG");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("failInfo: badRequest");
        assertThat(dir.resolve("client.pem")).doesNotExist();
        assertThat(sandbox.scep().decisions()).singleElement().satisfies(d -> assertThat(d.reason()).isEqualTo("wrong challenge"));
    }

    @Test
    void aReplayedDynamicChallengeIsRefused() throws Exception {
        JsonNode ra = ra("DYNAMIC", "");
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(ra.at("/dynamic/challengeUrl").asText()))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((ra.at("/dynamic/username").asText()
                        + ":" + ra.at("/dynamic/password").asText()).getBytes(StandardCharsets.UTF_8))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher matcher = CHALLENGE.matcher(page.body());
        assertThat(matcher.find()).isTrue();
        assertThat(scepclient(ra.get("scepUrl").asText(), matcher.group(1), "DEBIAN-ONCE").exitCode()).isZero();
        Files.delete(dir.resolve("client.pem"));
        DebianScep.Result replay = scepclient(ra.get("scepUrl").asText(), matcher.group(1), "DEBIAN-ONCE");
        assertThat(replay.exitCode()).isNotZero();
        assertThat(replay.output()).contains("failInfo: badRequest");
    }
}
