package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.check.CheckResult;
import io.scephub.core.http.ResilientVendorHttp;
import io.scephub.core.scep.CaCertResponse;
import io.scephub.core.scep.ScepEndpointCheck;
import io.scephub.fixtures.TestPki;
import io.scephub.sandbox.ScepClient;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Independent SCEP server, Debian's {@code scepserver} (micromdm/scep 2.1) on 127.0.0.1: scephub's
 * SCEP check passes against it with its CA as the expected chain and fails with another; the
 * sandbox's SCEP client (the one the demo's devices use) enrols against it and is refused with a
 * wrong challenge.
 */
class DebianScepServerInteropTest {

    private static final String CHALLENGE = "interop-challenge";
    @TempDir
    static Path dir;
    private static DebianScepServer server;
    private static X509Certificate ca;
    private final ScepEndpointCheck check = new ScepEndpointCheck(new ResilientVendorHttp(Clock.systemUTC()));

    @BeforeAll
    static void start() throws Exception {
        DebianScepServer.require();
        server = DebianScepServer.start(dir, CHALLENGE);
        ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(server.caCertificate())));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void scephubsScepCheckPassesAgainstItsCa() {
        List<CheckResult> results = check.check("debian", server.url(), List.of(ca), "the configured chain (depot/ca.pem)");
        assertThat(results).extracting(CheckResult::name).containsExactly(ScepEndpointCheck.URL, ScepEndpointCheck.REACHABLE,
                ScepEndpointCheck.CAPABILITIES, ScepEndpointCheck.CA_CERTIFICATE);
        assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.name() + ": " + r.message()).isEqualTo(CheckResult.Status.PASS));
        assertThat(results.get(3).message()).contains(CaCertResponse.SINGLE);
    }

    @Test
    void scephubsScepCheckFailsWhenAnotherCaIsExpected() throws Exception {
        List<CheckResult> results = check.check("debian", server.url(), List.of(otherCa()), "Okta's CA");
        CheckResult caCertificate = results.get(results.size() - 1);
        assertThat(caCertificate.name()).isEqualTo(ScepEndpointCheck.CA_CERTIFICATE);
        assertThat(caCertificate.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(caCertificate.message()).contains(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ca.getEncoded())));
    }

    @Test
    void theSandboxScepClientEnrolsAndIsRefusedWithAWrongChallenge() {
        ScepClient client = new ScepClient();
        ScepClient.Outcome issued = client.enrol(server.url(), "CN=INTEROP-DEVICE", CHALLENGE);
        assertThat(issued.pkiStatus()).isEqualTo("SUCCESS");
        assertThat(issued.certificate().orElseThrow().getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());

        ScepClient.Outcome refused = client.enrol(server.url(), "CN=INTEROP-DEVICE-2", "wrong-challenge");
        assertThat(refused.pkiStatus()).isEqualTo("FAILURE");
        assertThat(refused.failInfo()).hasValue("badRequest");
    }

    private static X509Certificate otherCa() {
        Instant now = Instant.now();
        return TestPki.certificate("CN=Not the Debian CA", now).ca().withoutKeyUsage().withoutKeyIdentifiers()
                .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))).build().certificate();
    }
}
