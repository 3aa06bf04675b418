package io.scephub.core.scep;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.check.CheckResult;
import io.scephub.core.http.ResilientVendorHttp;
import io.scephub.core.testing.MutableClock;
import io.scephub.fixtures.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScepEndpointCheckTest {

    private static final Instant NOW = Instant.now();
    private static final TestPki.Issued ROOT = TestPki.certificate("CN=Okta Root", NOW).ca().build();
    private static final TestPki.Issued ISSUING = TestPki.certificate("CN=Okta Issuing", NOW).ca().issuedBy(ROOT).build();
    private static final TestPki.Issued OTHER = TestPki.certificate("CN=Some Other CA", NOW).ca().build();
    private static final List<X509Certificate> OKTA_CHAIN = List.of(ISSUING.certificate(), ROOT.certificate());

    private final MockWebServer server = new MockWebServer();
    private final ScepEndpointCheck check = new ScepEndpointCheck(new ResilientVendorHttp(new MutableClock(NOW), sleep -> { }));
    private String caps = "POSTPKIOperation\nSHA-256\nAES\nSCEPStandard\n";
    private MockResponse caCert = chainResponse(ISSUING.certificate(), ROOT.certificate());

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String operation = request.getRequestUrl().queryParameter("operation");
                if ("GetCACaps".equals(operation)) {
                    return new MockResponse().setHeader("Content-Type", "text/plain").setBody(caps);
                }
                return "GetCACert".equals(operation) ? caCert : new MockResponse().setResponseCode(400);
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getPort() + "/pki/14F3C2384C1CE043D4D0C39272AECCEF0A2F7A3D/scep/racru1jbrmapTJgTy697";
    }

    private static MockResponse chainResponse(X509Certificate... certificates) {
        return new MockResponse().setHeader("Content-Type", CaCertResponse.CHAIN).setBody(new Buffer().write(TestPki.pkcs7Der(certificates)));
    }

    private static MockResponse singleResponse(byte[] body) {
        return new MockResponse().setHeader("Content-Type", CaCertResponse.SINGLE).setBody(new Buffer().write(body));
    }

    private CheckResult result(List<CheckResult> results, String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " missing in " + results));
    }

    @Test
    void oktasChainAndCapabilitiesPass() {
        List<CheckResult> results = check.check("windows-intune", url(), OKTA_CHAIN, "Okta's CA");
        assertThat(results).extracting(CheckResult::name).containsExactly(ScepEndpointCheck.URL, ScepEndpointCheck.REACHABLE,
                ScepEndpointCheck.CAPABILITIES, ScepEndpointCheck.CA_CERTIFICATE);
        assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.message()).isEqualTo(CheckResult.Status.PASS));
        assertThat(result(results, ScepEndpointCheck.URL).message()).contains("127.0.0.1 (the sandbox)");
    }

    @Test
    void chunkedAnswersWithoutContentLengthAreReadWhole() {
        caCert = new MockResponse().setHeader("Content-Type", CaCertResponse.CHAIN)
                .setChunkedBody(new Buffer().write(TestPki.pkcs7Der(ISSUING.certificate(), ROOT.certificate())), 100);
        assertThat(check.check("e", url(), OKTA_CHAIN, "Okta's CA"))
                .allSatisfy(r -> assertThat(r.status()).as(r.message()).isEqualTo(CheckResult.Status.PASS));
    }

    @Test
    void missingCapabilitiesFailByName() {
        caps = "POSTPKIOperation\nSHA-1\nDES3\n";
        CheckResult capabilities = result(check.check("e", url(), OKTA_CHAIN, "Okta's CA"), ScepEndpointCheck.CAPABILITIES);
        assertThat(capabilities.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(capabilities.message()).contains("lacks SHA-256, AES").contains("POSTPKIOperation, SHA-1, DES3");
    }

    @Test
    void aSingleDerCertificateMatchingTheIssuingCaPasses() throws Exception {
        caCert = singleResponse(ISSUING.certificate().getEncoded());
        assertThat(result(check.check("e", url(), OKTA_CHAIN, "Okta's CA"), ScepEndpointCheck.CA_CERTIFICATE).status())
                .isEqualTo(CheckResult.Status.PASS);
    }

    @Test
    void anotherCasCertificateFailsWithBothFingerprints() {
        caCert = chainResponse(OTHER.certificate());
        CheckResult result = result(check.check("e", url(), OKTA_CHAIN, "the configured chain (certs/chain.pem)"), ScepEndpointCheck.CA_CERTIFICATE);
        assertThat(result.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(result.message()).contains(ScepEndpointCheck.sha256(OTHER.certificate()))
                .contains(ScepEndpointCheck.sha256(ISSUING.certificate())).contains("the configured chain (certs/chain.pem)");
    }

    @Test
    void aChainWithoutTheIssuingCaFails() {
        caCert = chainResponse(ROOT.certificate());
        assertThat(result(check.check("e", url(), OKTA_CHAIN, "Okta's CA"), ScepEndpointCheck.CA_CERTIFICATE).status())
                .isEqualTo(CheckResult.Status.FAIL);
    }

    @Test
    void pemWhereDerIsRequiredFails() {
        caCert = singleResponse(TestPki.pemBytes(ISSUING.certificate()));
        CheckResult result = result(check.check("e", url(), OKTA_CHAIN, "Okta's CA"), ScepEndpointCheck.CA_CERTIFICATE);
        assertThat(result.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(result.message()).contains("PEM").contains("DER");
    }

    @Test
    void aPkcs7SentAsASingleCertificateFails() {
        caCert = singleResponse(TestPki.pkcs7Der(ISSUING.certificate(), ROOT.certificate()));
        CheckResult result = result(check.check("e", url(), OKTA_CHAIN, "Okta's CA"), ScepEndpointCheck.CA_CERTIFICATE);
        assertThat(result.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(result.message()).contains(CaCertResponse.CHAIN);
    }

    @Test
    void anUnexpectedContentTypeFails() throws Exception {
        caCert = new MockResponse().setHeader("Content-Type", "application/pkix-cert").setBody(new Buffer().write(ISSUING.certificate().getEncoded()));
        CheckResult result = result(check.check("e", url(), OKTA_CHAIN, "Okta's CA"), ScepEndpointCheck.CA_CERTIFICATE);
        assertThat(result.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(result.message()).contains("application/pkix-cert");
    }

    @Test
    void plainHttpToAnotherHostFailsWithoutAnyRequest() {
        List<CheckResult> results = check.check("e", "http://scep.example.com/pki/AB/scep/rac1", OKTA_CHAIN, "Okta's CA");
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo(ScepEndpointCheck.URL);
            assertThat(r.status()).isEqualTo(CheckResult.Status.FAIL);
        });
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void anUnreachableServerFailsReachabilityAndStops() throws IOException {
        String url = url();
        server.shutdown();
        List<CheckResult> results = check.check("e", url, OKTA_CHAIN, "Okta's CA");
        assertThat(results).extracting(CheckResult::name).containsExactly(ScepEndpointCheck.URL, ScepEndpointCheck.REACHABLE);
        assertThat(results.get(1).status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(results.get(1).message()).contains("GetCACaps");
    }
}
