package io.scephub.core.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scephub.core.model.Secret;
import io.scephub.fixtures.TestPki;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERUTF8String;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CertificateInspectorTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static TestPki.Issued root;
    private static TestPki.Issued intermediate;
    private static TestPki.Issued device;

    private static final CertificateInspector inspector = new CertificateInspector(Clock.fixed(NOW, ZoneOffset.UTC),
            source -> Secret.of("s3cret-pass", "test"));

    @BeforeAll
    static void buildPki() {
        root = TestPki.certificate("O=scephub,CN=Test Root", NOW).keys(TestPki.rsaKey(2048)).ca().build();
        intermediate = TestPki.certificate("O=scephub,CN=Test Issuing CA", NOW).issuedBy(root).ca().build();
        device = TestPki.certificate("CN=device-1", NOW).issuedBy(intermediate).odaOk().eku(CLIENT_AUTH).build();
    }

    private CertificateReport check(byte[] content) {
        return inspector.inspect("file.pem", content, Purpose.AUTO).report();
    }

    private static List<String> codes(CertificateReport report, Severity severity) {
        return report.findings().stream().filter(f -> f.severity() == severity).map(Finding::code).toList();
    }

    @Test
    void deviceWithExtensionAndOrderedChainPasses() {
        CertificateReport report = check(TestPki.pemBytes(device.certificate(), intermediate.certificate(), root.certificate()));

        assertThat(report.format()).isEqualTo(CertificateFileFormat.PEM_CERTIFICATES);
        assertThat(report.verdict()).isEqualTo(Severity.PASS);
        assertThat(report.oktaUpload().accepted()).isTrue();
        assertThat(report.meantForUpload()).isFalse();
        assertThat(codes(report, Severity.PASS)).contains(CertificateInspector.ODA_EXTENSION_OK,
                CertificateInspector.CHAIN_VERIFIED, CertificateInspector.CHAIN_ORDER_OK, CertificateInspector.VALIDITY_OK);
        CertificateDetails leaf = report.certificates().get(0);
        assertThat(leaf.subject()).isEqualTo("CN=device-1");
        assertThat(leaf.issuer()).isEqualTo("CN=Test Issuing CA,O=scephub");
        assertThat(leaf.odaExtension()).isEqualTo(new OdaExtension(OdaExtensionStatus.PRESENT_OK, false, "INTEGER 1"));
        assertThat(leaf.endEntity()).isTrue();
        assertThat(leaf.publicKey().describe()).isEqualTo("EC P-256");
        assertThat(leaf.keyUsage()).containsExactly("digitalSignature", "keyEncipherment");
        assertThat(leaf.extendedKeyUsages()).containsExactly(new ExtendedKeyUsageEntry(CLIENT_AUTH, "Client Authentication"));
        assertThat(leaf.daysLeft()).isEqualTo(365);
        assertThat(report.certificates().get(2).publicKey()).isEqualTo(new PublicKeyDescription("RSA", 2048, null));
        assertThat(report.certificates().get(2).selfSigned()).isTrue();
        assertThat(report.certificates().get(1).basicConstraintsCa()).isTrue();
        assertThat(report.chain().properOrder()).containsExactly(0, 1, 2);
        assertThat(report.chain().endsInSelfSignedRoot()).isTrue();
        assertThat(report.chain().links()).extracting(ChainLink::status).containsExactly(
                ChainLink.LinkStatus.SIGNATURE_VALID, ChainLink.LinkStatus.SIGNATURE_VALID, ChainLink.LinkStatus.SELF_SIGNED_ROOT);
    }

    @Test
    void deviceWithoutExtensionFails() {
        TestPki.Issued bare = TestPki.certificate("CN=device-bare", NOW).issuedBy(intermediate).eku(CLIENT_AUTH).build();

        CertificateReport report = check(TestPki.pemBytes(bare.certificate(), intermediate.certificate(), root.certificate()));

        assertThat(report.certificates().get(0).odaExtension().status()).isEqualTo(OdaExtensionStatus.ABSENT);
        assertThat(report.verdict()).isEqualTo(Severity.FAIL);
        assertThat(codes(report, Severity.FAIL)).containsExactly(CertificateInspector.ODA_EXTENSION_MISSING);
    }

    @Test
    void extensionWithAnotherIntegerFailsAsWrongValue() {
        TestPki.Issued wrong = TestPki.certificate("CN=device-2", NOW).issuedBy(intermediate)
                .oda(new ASN1Integer(2), false).eku(CLIENT_AUTH).build();

        CertificateReport report = check(TestPki.pemBytes(wrong.certificate(), intermediate.certificate()));

        assertThat(report.certificates().get(0).odaExtension())
                .isEqualTo(new OdaExtension(OdaExtensionStatus.PRESENT_WRONG_VALUE, false, "INTEGER 2"));
        assertThat(codes(report, Severity.FAIL)).containsExactly(CertificateInspector.ODA_EXTENSION_WRONG_VALUE);
    }

    @Test
    void extensionWithAStringValueFailsAsNotInteger() {
        TestPki.Issued text = TestPki.certificate("CN=device-3", NOW).issuedBy(intermediate)
                .oda(new DERUTF8String("1"), false).eku(CLIENT_AUTH).build();

        CertificateReport report = check(TestPki.pemBytes(text.certificate()));

        assertThat(report.certificates().get(0).odaExtension().status()).isEqualTo(OdaExtensionStatus.PRESENT_NOT_INTEGER);
        assertThat(report.certificates().get(0).odaExtension().detail()).contains("UTF8String");
        assertThat(codes(report, Severity.FAIL)).containsExactly(CertificateInspector.ODA_EXTENSION_NOT_INTEGER);
    }

    @Test
    void oidOnlyAsExtendedKeyUsageIsAWarningNotAFailure() {
        TestPki.Issued ekuOnly = TestPki.certificate("CN=device-eku", NOW).issuedBy(intermediate)
                .eku(CLIENT_AUTH, TestPki.ODA_OID).build();

        CertificateReport report = check(TestPki.pemBytes(ekuOnly.certificate(), intermediate.certificate(), root.certificate()));

        assertThat(report.certificates().get(0).odaExtension())
                .isEqualTo(new OdaExtension(OdaExtensionStatus.ONLY_AS_EKU_OR_POLICY, null, "as an extended key usage"));
        assertThat(report.certificates().get(0).extendedKeyUsages())
                .contains(new ExtendedKeyUsageEntry(TestPki.ODA_OID, "Okta Device Access"));
        assertThat(report.verdict()).isEqualTo(Severity.WARN);
        assertThat(codes(report, Severity.WARN)).containsExactly(CertificateInspector.ODA_ONLY_AS_EKU_OR_POLICY);
    }

    @Test
    void oidOnlyAsApplicationPolicyIsRecognised() {
        TestPki.Issued policyOnly = TestPki.certificate("CN=device-adcs", NOW).issuedBy(intermediate)
                .eku(CLIENT_AUTH).applicationPolicy(TestPki.ODA_OID).build();

        CertificateReport report = check(TestPki.pemBytes(policyOnly.certificate(), intermediate.certificate(), root.certificate()));

        assertThat(report.certificates().get(0).odaExtension().status()).isEqualTo(OdaExtensionStatus.ONLY_AS_EKU_OR_POLICY);
        assertThat(report.certificates().get(0).odaExtension().detail()).isEqualTo("as an application policy");
    }

    @Test
    void criticalExtensionIsReportedAndWarned() {
        TestPki.Issued critical = TestPki.certificate("CN=device-crit", NOW).issuedBy(intermediate)
                .oda(new ASN1Integer(1), true).eku(CLIENT_AUTH).build();

        CertificateReport report = check(TestPki.pemBytes(critical.certificate(), intermediate.certificate(), root.certificate()));

        assertThat(report.certificates().get(0).odaExtension().critical()).isTrue();
        assertThat(codes(report, Severity.WARN)).containsExactly(CertificateInspector.ODA_EXTENSION_CRITICAL);
    }

    @Test
    void expiredDeviceFailsWithNegativeDaysLeft() {
        TestPki.Issued expired = TestPki.certificate("CN=device-old", NOW).issuedBy(intermediate).odaOk().eku(CLIENT_AUTH)
                .validity(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(10))).build();

        CertificateReport report = check(TestPki.pemBytes(expired.certificate(), intermediate.certificate(), root.certificate()));

        CertificateDetails leaf = report.certificates().get(0);
        assertThat(leaf.expired()).isTrue();
        assertThat(leaf.daysLeft()).isEqualTo(-10);
        assertThat(codes(report, Severity.FAIL)).containsExactly(CertificateInspector.CERT_EXPIRED);
    }

    @Test
    void certificateExpiringWithinThirtyDaysIsWarned() {
        TestPki.Issued soon = TestPki.certificate("CN=device-soon", NOW).issuedBy(intermediate).odaOk().eku(CLIENT_AUTH)
                .validity(NOW.minus(Duration.ofDays(300)), NOW.plus(Duration.ofDays(12))).build();

        CertificateReport report = check(TestPki.pemBytes(soon.certificate(), intermediate.certificate(), root.certificate()));

        assertThat(codes(report, Severity.WARN)).containsExactly(CertificateInspector.CERT_EXPIRES_SOON);
        assertThat(report.certificates().get(0).daysLeft()).isEqualTo(12);
    }

    @Test
    void chainInWrongOrderIsAFixableWarningWithTheProperOrder() {
        CertificateReport report = check(TestPki.pemBytes(root.certificate(), device.certificate(), intermediate.certificate()));

        assertThat(report.chain().wrongOrder()).isTrue();
        assertThat(report.chain().properOrder()).containsExactly(1, 2, 0);
        assertThat(report.chain().signaturesVerify()).isTrue();
        assertThat(report.verdict()).isEqualTo(Severity.WARN);
        assertThat(codes(report, Severity.WARN)).containsExactly(CertificateInspector.CHAIN_WRONG_ORDER);
        assertThat(report.findings()).filteredOn(f -> f.code().equals(CertificateInspector.CHAIN_WRONG_ORDER))
                .first().extracting(Finding::nextStep).asString().contains("--to-pem");
    }

    @Test
    void signatureThatDoesNotVerifyWithTheNamedIssuerFails() {
        TestPki.Issued impostor = TestPki.certificate("O=scephub,CN=Test Issuing CA", NOW).issuedBy(root).ca().build();

        CertificateReport report = check(TestPki.pemBytes(device.certificate(), impostor.certificate(), root.certificate()));

        assertThat(report.chain().links().get(0)).isEqualTo(new ChainLink(0, 1, ChainLink.LinkStatus.SIGNATURE_INVALID));
        assertThat(report.chain().signaturesVerify()).isFalse();
        assertThat(codes(report, Severity.FAIL)).containsExactly(CertificateInspector.SIGNATURE_INVALID);
    }

    @Test
    void issuerWhoseBasicConstraintsDenyCaFails() {
        TestPki.Issued notCa = TestPki.certificate("CN=Not A CA", NOW).issuedBy(root).build();
        TestPki.Issued leaf = TestPki.certificate("CN=device-x", NOW).issuedBy(notCa).odaOk().eku(CLIENT_AUTH).build();

        CertificateReport report = check(TestPki.pemBytes(leaf.certificate(), notCa.certificate(), root.certificate()));

        assertThat(codes(report, Severity.FAIL)).contains(CertificateInspector.ISSUER_NOT_CA);
    }

    @Test
    void caOnlyPemChainIsMeantForUploadAndPasses() {
        CertificateReport report = check(TestPki.pemBytes(intermediate.certificate(), root.certificate()));

        assertThat(report.meantForUpload()).isTrue();
        assertThat(report.verdict()).isEqualTo(Severity.PASS);
        assertThat(codes(report, Severity.PASS)).contains(CertificateInspector.CA_ONLY_CHAIN, CertificateInspector.OKTA_UPLOAD_ACCEPTED);
    }

    @Test
    void lonelySelfSignedRootPasses() {
        CertificateReport report = check(TestPki.pemBytes(root.certificate()));

        assertThat(report.verdict()).isEqualTo(Severity.PASS);
        assertThat(report.chain().links()).containsExactly(new ChainLink(0, 0, ChainLink.LinkStatus.SELF_SIGNED_ROOT));
    }

    @Test
    void caChainWithoutRootWarnsWhenMeantForUpload() {
        CertificateReport report = check(TestPki.pemBytes(intermediate.certificate()));

        assertThat(codes(report, Severity.WARN)).containsExactly(CertificateInspector.NO_SELF_SIGNED_ROOT);
        assertThat(report.chain().endsInSelfSignedRoot()).isFalse();
    }

    @Test
    void deviceAloneWarnsThatItsSignatureWasNotChecked() {
        CertificateReport report = check(TestPki.pemBytes(device.certificate()));

        assertThat(report.verdict()).isEqualTo(Severity.WARN);
        assertThat(codes(report, Severity.WARN)).containsExactly(CertificateInspector.ISSUER_NOT_IN_FILE);
    }

    @Test
    void derPkcs7CaChainIsRefusedWithTheOpensslConversion() {
        byte[] p7 = TestPki.pkcs7Der(root.certificate(), intermediate.certificate());

        CertificateReport report = inspector.inspect("okta chain.p7b", p7, Purpose.AUTO).report();

        assertThat(CertificateFileFormat.detect(p7)).isEqualTo(CertificateFileFormat.DER_PKCS7);
        assertThat(report.format()).isEqualTo(CertificateFileFormat.DER_PKCS7);
        assertThat(report.certificates()).hasSize(2);
        assertThat(report.oktaUpload().accepted()).isFalse();
        assertThat(report.oktaUpload().conversionCommand())
                .isEqualTo("openssl pkcs7 -inform DER -print_certs -in 'okta chain.p7b' -out chain.pem");
        assertThat(report.verdict()).isEqualTo(Severity.FAIL);
        assertThat(codes(report, Severity.FAIL)).containsExactly(CertificateInspector.UPLOAD_FORMAT_REFUSED);
        assertThat(codes(report, Severity.WARN)).doesNotContain(CertificateInspector.CHAIN_WRONG_ORDER);
    }

    @Test
    void pemPkcs7IsRecognisedAndRefusedWithItsOwnConversion() {
        byte[] p7 = TestPki.pkcs7Pem(device.certificate(), intermediate.certificate(), root.certificate());

        CertificateReport report = inspector.inspect("bundle.p7b", p7, Purpose.AUTO).report();

        assertThat(report.format()).isEqualTo(CertificateFileFormat.PEM_PKCS7);
        assertThat(report.oktaUpload().conversionCommand()).isEqualTo("openssl pkcs7 -print_certs -in bundle.p7b -out chain.pem");
        assertThat(report.certificates()).extracting(CertificateDetails::subject)
                .containsExactlyInAnyOrder("CN=device-1", "CN=Test Issuing CA,O=scephub", "CN=Test Root,O=scephub");
        // A device bundle is not an upload: the refusal is only a warning.
        assertThat(report.verdict()).isEqualTo(Severity.WARN);
        assertThat(report.chain().signaturesVerify()).isTrue();
    }

    @Test
    void pkcs7MeantForUploadFailsEvenWithADeviceInside() {
        byte[] p7 = TestPki.pkcs7Pem(device.certificate(), intermediate.certificate(), root.certificate());

        CertificateReport report = inspector.inspect("bundle.p7b", p7, Purpose.OKTA_UPLOAD).report();

        assertThat(codes(report, Severity.FAIL)).containsExactly(CertificateInspector.UPLOAD_FORMAT_REFUSED);
        assertThat(codes(report, Severity.WARN)).contains(CertificateInspector.UPLOAD_CONTAINS_END_ENTITY);
    }

    @Test
    void pkcs12IsOpenedWithThePasswordAndItsKeyNoticed() {
        char[] password = "s3cret-pass".toCharArray();
        byte[] p12 = TestPki.pkcs12(device, password, intermediate.certificate(), root.certificate());

        InspectedFile inspected = inspector.inspect("device.p12", p12, Purpose.AUTO);
        CertificateReport report = inspected.report();

        assertThat(CertificateFileFormat.detect(p12)).isEqualTo(CertificateFileFormat.PKCS12);
        assertThat(report.privateKeyPresent()).isTrue();
        assertThat(report.certificates()).hasSize(3);
        assertThat(report.oktaUpload().conversionCommand()).isEqualTo("openssl pkcs12 -in device.p12 -nokeys -out chain.pem");
        assertThat(codes(report, Severity.WARN)).contains(CertificateInspector.UPLOAD_FORMAT_REFUSED, CertificateInspector.PRIVATE_KEY_PRESENT);
        assertThat(codes(report, Severity.PASS)).contains(CertificateInspector.ODA_EXTENSION_OK, CertificateInspector.CHAIN_VERIFIED);
        assertThat(inspected.orderedPem()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void pkcs12WithTheWrongPasswordIsAClearError() {
        byte[] p12 = TestPki.pkcs12(device, "right".toCharArray(), intermediate.certificate());
        CertificateInspector wrong = new CertificateInspector(Clock.fixed(NOW, ZoneOffset.UTC), source -> Secret.of("wrong", "test"));

        assertThatThrownBy(() -> wrong.inspect("device.p12", p12, Purpose.AUTO))
                .isInstanceOf(CertificateFileException.class)
                .hasMessageContaining("device.p12").hasMessageContaining("password is wrong")
                .hasMessageNotContaining("wrong\"")
                .extracting(e -> ((CertificateFileException) e).code()).isEqualTo(CertificateFileException.WRONG_PASSWORD);
    }

    @Test
    void pkcs12WithoutAPasswordSourceSaysSo() {
        byte[] p12 = TestPki.pkcs12(device, "right".toCharArray());
        CertificateInspector none = new CertificateInspector(Clock.fixed(NOW, ZoneOffset.UTC), Pkcs12PasswordSource.none());

        assertThatThrownBy(() -> none.inspect("device.p12", p12, Purpose.AUTO))
                .isInstanceOf(CertificateFileException.class)
                .extracting(e -> ((CertificateFileException) e).code()).isEqualTo(CertificateFileException.PASSWORD_UNAVAILABLE);
    }

    @Test
    void singleDerCertificateIsAcceptedByOkta() throws Exception {
        CertificateReport report = check(root.certificate().getEncoded());

        assertThat(report.format()).isEqualTo(CertificateFileFormat.DER_CERTIFICATE);
        assertThat(report.oktaUpload().accepted()).isTrue();
        assertThat(report.verdict()).isEqualTo(Severity.PASS);
    }

    @Test
    void pemWithAPrivateKeyIsWarned() {
        byte[] content = (TestPki.pem(device.certificate(), intermediate.certificate(), root.certificate())
                + new String(TestPki.armor("PRIVATE KEY", device.keys().getPrivate().getEncoded()), StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII);

        CertificateReport report = check(content);

        assertThat(report.privateKeyPresent()).isTrue();
        assertThat(codes(report, Severity.WARN)).containsExactly(CertificateInspector.PRIVATE_KEY_PRESENT);
    }

    @Test
    void contentWithoutCertificatesIsUnknownAndFails() {
        assertThat(CertificateFileFormat.detect("hello".getBytes(StandardCharsets.US_ASCII))).isEqualTo(CertificateFileFormat.UNKNOWN);
        byte[] csr = TestPki.armor("CERTIFICATE REQUEST", new byte[] {0x30, 0x00});

        CertificateReport report = check(csr);

        assertThat(report.format()).isEqualTo(CertificateFileFormat.UNKNOWN);
        assertThat(report.oktaUpload().reason()).contains("CERTIFICATE REQUEST");
        assertThat(codes(report, Severity.FAIL)).containsExactly(CertificateInspector.NO_CERTIFICATES);
    }

    @Test
    void corruptPemBlockIsAnErrorThatNamesTheBlock() {
        byte[] bad = "-----BEGIN CERTIFICATE-----\n!!!notbase64\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> check(bad)).isInstanceOf(CertificateFileException.class)
                .hasMessageContaining("file.pem").hasMessageContaining("PEM block 1 (CERTIFICATE)");
    }

    @Test
    void orderedPemPutsTheLeafFirstAndEachIssuerAfterIt() throws Exception {
        InspectedFile inspected = inspector.inspect("chain.pem",
                TestPki.pemBytes(root.certificate(), intermediate.certificate(), device.certificate()), Purpose.AUTO);

        List<X509Certificate> reread = new ArrayList<>();
        for (Certificate c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(inspected.orderedPem().getBytes(StandardCharsets.US_ASCII)))) {
            reread.add((X509Certificate) c);
        }
        assertThat(reread).containsExactly(device.certificate(), intermediate.certificate(), root.certificate());
        assertThat(check(inspected.orderedPem().getBytes(StandardCharsets.US_ASCII)).verdict()).isEqualTo(Severity.PASS);
    }

    @Test
    void pemCopyTurnsARefusedUploadIntoAWarning() {
        CertificateReport refused = inspector.inspect("chain.p7b", TestPki.pkcs7Der(intermediate.certificate(), root.certificate()),
                Purpose.AUTO).report();

        CertificateReport converted = refused.withPemCopyWrittenTo("chain.pem");

        assertThat(refused.verdict()).isEqualTo(Severity.FAIL);
        assertThat(converted.verdict()).isEqualTo(Severity.WARN);
        assertThat(codes(converted, Severity.WARN)).containsExactly(CertificateInspector.UPLOAD_FORMAT_CONVERTED);
        assertThat(codes(converted, Severity.PASS)).contains(CertificateInspector.PEM_COPY_WRITTEN);
    }

    @Test
    void smallRsaKeyIsWarned() {
        TestPki.Issued weak = TestPki.certificate("CN=Weak Root", NOW).keys(TestPki.rsaKey(1024)).ca().build();

        CertificateReport report = check(TestPki.pemBytes(weak.certificate()));

        assertThat(codes(report, Severity.WARN)).containsExactly(CertificateInspector.KEY_TOO_SMALL);
    }

    @Test
    void selfSignedDeviceMarkedCaByOpensslDefaultsIsStillCheckedAsADevice() throws Exception {
        assertThat(check(TestPki.pemBytes(selfSignedCaFlagged(true))).findings()).extracting(Finding::code)
                .contains(CertificateInspector.ODA_EXTENSION_OK);
        assertThat(check(TestPki.pemBytes(root.certificate())).findings()).extracting(Finding::code)
                .contains(CertificateInspector.CA_ONLY_CHAIN);
    }

    private static X509Certificate selfSignedCaFlagged(boolean oda) {
        TestPki.Builder builder = TestPki.certificate("CN=mac-1", NOW).ca().withoutKeyUsage().withoutKeyIdentifiers()
                .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90)));
        if (oda) {
            builder.odaOk();
        }
        return builder.build().certificate();
    }
}
