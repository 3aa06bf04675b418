package io.scephub.core.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.scephub.core.model.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files made by the openssl command line, the way administrators make them; skipped without openssl. */
class OpensslInteropTest {
    private static final String EXTENSIONS = """
            [ca]
            basicConstraints = critical,CA:TRUE
            keyUsage = critical,keyCertSign,cRLSign
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            [oda]
            basicConstraints = CA:FALSE
            keyUsage = critical,digitalSignature,keyEncipherment
            extendedKeyUsage = clientAuth
            1.3.6.1.4.1.51150.13.1 = ASN1:INTEGER:1
            [plain]
            basicConstraints = CA:FALSE
            extendedKeyUsage = clientAuth
            [ekuonly]
            basicConstraints = CA:FALSE
            extendedKeyUsage = clientAuth,1.3.6.1.4.1.51150.13.1
            """;

    @TempDir
    static Path dir;

    private static final CertificateInspector inspector = new CertificateInspector(Clock.systemUTC(), source -> Secret.of("pw-123", "test"));

    @BeforeAll
    static void makeFilesWithOpenssl() throws Exception {
        assumeTrue(opensslAvailable(), "openssl is not on PATH");
        Files.writeString(dir.resolve("ext.cnf"), EXTENSIONS);
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key", "-out", "root.pem",
                "-subj", "/O=scephub/CN=OpenSSL Root", "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        issue("inter", "root", "ca");
        issue("device-oda", "inter", "oda");
        issue("device-plain", "inter", "plain");
        issue("device-eku", "inter", "ekuonly");
        Files.writeString(dir.resolve("chain.pem"), Files.readString(dir.resolve("inter.pem")) + Files.readString(dir.resolve("root.pem")));
        Files.writeString(dir.resolve("wrong-order.pem"), Files.readString(dir.resolve("root.pem"))
                + Files.readString(dir.resolve("device-oda.pem")) + Files.readString(dir.resolve("inter.pem")));
        openssl("crl2pkcs7", "-nocrl", "-certfile", "chain.pem", "-out", "chain.p7b");
        openssl("crl2pkcs7", "-nocrl", "-certfile", "chain.pem", "-outform", "DER", "-out", "chain-der.p7b");
        openssl("pkcs12", "-export", "-in", "device-oda.pem", "-inkey", "device-oda.key", "-certfile", "chain.pem",
                "-out", "device.p12", "-passout", "pass:pw-123");
        openssl("pkcs12", "-export", "-in", "device-oda.pem", "-inkey", "device-oda.key", "-certfile", "chain.pem",
                "-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-3DES", "-macalg", "sha1",
                "-out", "device-3des.p12", "-passout", "pass:pw-123");
    }

    private static void issue(String name, String issuer, String section) throws Exception {
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", "/O=scephub/CN=" + name);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", issuer + ".pem", "-CAkey", issuer + ".key", "-CAcreateserial",
                "-days", "20", "-extfile", "ext.cnf", "-extensions", section, "-out", name + ".pem");
    }

    private CertificateReport check(String file) throws IOException {
        return inspector.inspect(file, Files.readAllBytes(dir.resolve(file)), Purpose.AUTO).report();
    }

    @Test
    void deviceWithTheOpensslMadeExtensionPasses() throws IOException {
        Files.writeString(dir.resolve("full-oda.pem"), Files.readString(dir.resolve("device-oda.pem")) + Files.readString(dir.resolve("chain.pem")));

        CertificateReport report = check("full-oda.pem");

        assertThat(report.certificates().get(0).odaExtension().status()).isEqualTo(OdaExtensionStatus.PRESENT_OK);
        assertThat(report.chain().signaturesVerify()).isTrue();
        // 20- and 30-day certificates expire "soon": that is the only warning.
        assertThat(report.findings()).filteredOn(f -> f.severity() != Severity.PASS).extracting(Finding::code)
                .containsOnly(CertificateInspector.CERT_EXPIRES_SOON);
    }

    @Test
    void deviceWithoutTheExtensionFails() throws IOException {
        CertificateReport report = check("device-plain.pem");

        assertThat(report.certificates().get(0).odaExtension().status()).isEqualTo(OdaExtensionStatus.ABSENT);
        assertThat(report.verdict()).isEqualTo(Severity.FAIL);
    }

    @Test
    void oidOnlyAsEkuIsRecognised() throws IOException {
        CertificateReport report = check("device-eku.pem");

        assertThat(report.certificates().get(0).odaExtension().status()).isEqualTo(OdaExtensionStatus.ONLY_AS_EKU_OR_POLICY);
        assertThat(report.verdict()).isEqualTo(Severity.WARN);
    }

    @Test
    void wrongOrderIsDetected() throws IOException {
        CertificateReport report = check("wrong-order.pem");

        assertThat(report.chain().properOrder()).containsExactly(1, 2, 0);
        assertThat(report.findings()).extracting(Finding::code).contains(CertificateInspector.CHAIN_WRONG_ORDER);
    }

    @Test
    void opensslPkcs7InPemAndDerIsReadAndRefusedForUpload() throws IOException {
        for (String file : List.of("chain.p7b", "chain-der.p7b")) {
            CertificateReport report = check(file);

            assertThat(report.format()).isIn(CertificateFileFormat.PEM_PKCS7, CertificateFileFormat.DER_PKCS7);
            assertThat(report.certificates()).extracting(CertificateDetails::subject)
                    .containsExactlyInAnyOrder("CN=inter,O=scephub", "CN=OpenSSL Root,O=scephub");
            assertThat(report.verdict()).isEqualTo(Severity.FAIL);
            assertThat(report.findings()).extracting(Finding::code).contains(CertificateInspector.UPLOAD_FORMAT_REFUSED);
        }
    }

    @Test
    void opensslPkcs12InModernAndOldEncryptionIsRead() throws IOException {
        for (String file : List.of("device.p12", "device-3des.p12")) {
            CertificateReport report = check(file);

            assertThat(report.format()).isEqualTo(CertificateFileFormat.PKCS12);
            assertThat(report.privateKeyPresent()).isTrue();
            assertThat(report.certificates()).hasSize(3);
            assertThat(report.chain().properOrder()).extracting(i -> report.certificates().get(i).subject())
                    .containsExactly("CN=device-oda,O=scephub", "CN=inter,O=scephub", "CN=OpenSSL Root,O=scephub");
            assertThat(report.chain().signaturesVerify()).isTrue();
        }
    }

    @Test
    void orderedPemOfAPkcs7VerifiesWithOpenssl() throws Exception {
        InspectedFile inspected = inspector.inspect("chain.p7b", Files.readAllBytes(dir.resolve("chain.p7b")), Purpose.AUTO);
        Files.writeString(dir.resolve("converted.pem"), inspected.orderedPem());
        Files.writeString(dir.resolve("converted-inter.pem"), inspected.orderedPem().substring(0,
                inspected.orderedPem().indexOf("-----END CERTIFICATE-----") + 26));

        openssl("verify", "-CAfile", "root.pem", "-untrusted", "converted-inter.pem", "device-oda.pem");
        assertThat(openssl("x509", "-in", "converted.pem", "-noout", "-subject")).contains("CN = inter");
    }

    private static boolean opensslAvailable() {
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("openssl %s: %s", String.join(" ", args), output).isZero();
        return output;
    }
}
