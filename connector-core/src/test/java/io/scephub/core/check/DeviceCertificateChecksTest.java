package io.scephub.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.cert.CertificateInspector;
import io.scephub.core.cert.InspectedFile;
import io.scephub.core.cert.Pkcs12PasswordSource;
import io.scephub.core.cert.Purpose;
import io.scephub.fixtures.TestPki;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceCertificateChecksTest {
    private static final Instant NOW = Instant.parse("2027-03-01T12:00:00Z");
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String SUBJECT = "device PC-1";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final CertificateInspector inspector = new CertificateInspector(clock, Pkcs12PasswordSource.none());
    private final DeviceCertificateChecks checks = new DeviceCertificateChecks(clock);

    private final TestPki.Issued root = TestPki.certificate("CN=Corp Root", NOW).ca().build();
    private final TestPki.Issued issuing = TestPki.certificate("CN=Corp Issuing CA", NOW).ca().issuedBy(root).build();

    private InspectedFile inspect(TestPki.Issued device) {
        return inspector.inspect("device.pem", TestPki.pemBytes(device.certificate(), issuing.certificate(), root.certificate()),
                Purpose.AUTO);
    }

    private static CheckResult named(List<CheckResult> results, String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + results));
    }

    @Test
    void aDeviceCertificateWithTheExtensionAndClientAuthPasses() {
        TestPki.Issued device = TestPki.certificate("CN=PC-1", NOW).issuedBy(issuing).odaOk().eku(CLIENT_AUTH).build();

        List<CheckResult> results = checks.extensionAndEku(SUBJECT, inspect(device));

        assertThat(named(results, "certificate.oda_extension_ok").status()).isEqualTo(CheckResult.Status.PASS);
        assertThat(results).allSatisfy(r -> assertThat(r.subject()).isEqualTo(SUBJECT));
        assertThat(CheckResult.worst(results)).isEqualTo(CheckResult.Status.PASS);
    }

    @Test
    void aMissingExtensionFailsWithTheOidToAddAsTheNextStep() {
        TestPki.Issued device = TestPki.certificate("CN=PC-1", NOW).issuedBy(issuing).eku(CLIENT_AUTH).build();

        CheckResult missing = named(checks.extensionAndEku(SUBJECT, inspect(device)), "certificate.oda_extension_missing");

        assertThat(missing.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(missing.message()).contains(TestPki.ODA_OID);
        assertThat(missing.nextStep()).contains("Add the Okta Device Access extension " + TestPki.ODA_OID + " (INTEGER 1)",
                "certificate template", "Okta's SCEP URL");
    }

    @Test
    void theOidOnlyAsAnEkuIsAWarningThatAsksForTheExtensionItself() {
        TestPki.Issued device = TestPki.certificate("CN=PC-1", NOW).issuedBy(issuing).eku(CLIENT_AUTH, TestPki.ODA_OID).build();

        List<CheckResult> results = checks.extensionAndEku(SUBJECT, inspect(device));

        CheckResult onlyEku = named(results, "certificate.oda_only_as_eku_or_policy");
        assertThat(onlyEku.status()).isEqualTo(CheckResult.Status.WARN);
        assertThat(onlyEku.nextStep()).contains(TestPki.ODA_OID + " = ASN1:INTEGER:1");
        assertThat(results).extracting(CheckResult::name).doesNotContain("certificate.oda_extension_missing");
    }

    @Test
    void aMissingClientAuthEkuIsAWarning() {
        TestPki.Issued device = TestPki.certificate("CN=PC-1", NOW).issuedBy(issuing).odaOk().build();

        List<CheckResult> results = checks.extensionAndEku(SUBJECT, inspect(device));

        assertThat(named(results, "certificate.client_auth_eku_missing").status()).isEqualTo(CheckResult.Status.WARN);
        assertThat(named(results, "certificate.oda_extension_ok").status()).isEqualTo(CheckResult.Status.PASS);
    }

    @Test
    void aFileOfCaCertificatesOnlyFailsAsNoDeviceCertificate() {
        InspectedFile chainOnly = inspector.inspect("chain.pem", TestPki.pemBytes(issuing.certificate(), root.certificate()), Purpose.AUTO);

        List<CheckResult> results = checks.extensionAndEku(SUBJECT, chainOnly);

        assertThat(DeviceCertificateChecks.deviceCertificate(chainOnly)).isEmpty();
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("certificate.device");
            assertThat(r.status()).isEqualTo(CheckResult.Status.FAIL);
            assertThat(r.message()).contains("chain.pem", "only CA certificates");
        });
    }

    @Test
    void theDeviceCertificateOfAFileIsItsEndEntityWhereverItStands() {
        TestPki.Issued device = TestPki.certificate("CN=PC-1", NOW).issuedBy(issuing).odaOk().eku(CLIENT_AUTH).build();
        InspectedFile rootFirst = inspector.inspect("device.pem",
                TestPki.pemBytes(root.certificate(), issuing.certificate(), device.certificate()), Purpose.AUTO);

        assertThat(DeviceCertificateChecks.deviceCertificate(rootFirst)).contains(device.certificate());
    }

    @Test
    void aDeviceCertificateIssuedByACaInOktasChainPasses() {
        X509Certificate device = TestPki.certificate("CN=PC-1", NOW).issuedBy(issuing).odaOk().build().certificate();

        CheckResult result = checks.chainsTo(SUBJECT, device, List.of(issuing.certificate(), root.certificate()));

        assertThat(result.name()).isEqualTo("certificate.chains-to-okta");
        assertThat(result.status()).isEqualTo(CheckResult.Status.PASS);
        assertThat(result.message()).contains("CN=Corp Issuing CA");
    }

    @Test
    void aDeviceCertificateFromAnotherCaWithTheSameNameFails() {
        TestPki.Issued impostor = TestPki.certificate("CN=Corp Issuing CA", NOW).ca().issuedBy(root).build();
        X509Certificate device = TestPki.certificate("CN=PC-1", NOW).issuedBy(impostor).odaOk().build().certificate();

        CheckResult result = checks.chainsTo(SUBJECT, device, List.of(issuing.certificate(), root.certificate()));

        assertThat(result.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(result.message()).contains("signature does not verify", "CN=Corp Issuing CA");
        assertThat(result.nextStep()).contains("upload the issuing CA's current chain to Okta");
    }

    @Test
    void aDeviceCertificateFromACaOktaDoesNotHoldFailsNamingTheChainOktaTrusts() {
        TestPki.Issued other = TestPki.certificate("CN=Other CA", NOW).ca().build();
        X509Certificate device = TestPki.certificate("CN=PC-1", NOW).issuedBy(other).odaOk().build().certificate();

        CheckResult result = checks.chainsTo(SUBJECT, device, List.of(issuing.certificate(), root.certificate()));

        assertThat(result.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(result.message()).contains("CN=Other CA", "CN=Corp Issuing CA; CN=Corp Root");
    }

    @Test
    void anExpiredDeviceCertificateFromOktasCaFailsAndAsksForARePush() {
        X509Certificate device = TestPki.certificate("CN=PC-1", NOW).issuedBy(issuing).odaOk()
                .validity(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(35))).build().certificate();

        CheckResult result = checks.chainsTo(SUBJECT, device, List.of(issuing.certificate()));

        assertThat(result.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(result.message()).contains("outside its validity period");
        assertThat(result.nextStep()).contains("Re-push the SCEP profile");
    }

    @Test
    void withoutAChainInOktaTheChainCheckIsSkipped() {
        X509Certificate device = TestPki.certificate("CN=PC-1", NOW).issuedBy(issuing).odaOk().build().certificate();

        assertThat(checks.chainsTo(SUBJECT, device, List.of()).status()).isEqualTo(CheckResult.Status.SKIPPED);
    }
}
