package io.scephub.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.fixtures.TestPki;
import io.scephub.fixtures.TestPki.Issued;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CertCheckCommandTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final String ODA_OID = "1.3.6.1.4.1.51150.13.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String P12_PASSWORD = "correct horse";
    private static Issued root;
    private static Issued intermediate;
    private static Issued device;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Map<String, String> environment = Map.of();
    private Optional<char[]> typedPassword = Optional.empty();
    private final AtomicReference<String> promptShown = new AtomicReference<>();

    @BeforeAll
    static void buildPki() {
        root = issue("O=scephub,CN=Root", null, true, false, List.of(), NOW.plus(Duration.ofDays(3650)));
        intermediate = issue("O=scephub,CN=Issuing CA", root, true, false, List.of(), NOW.plus(Duration.ofDays(1825)));
        device = issue("CN=device-1", intermediate, false, true, List.of(CLIENT_AUTH), NOW.plus(Duration.ofDays(365)));
    }

    private int run(String... args) {
        CertCheckCommand command = new CertCheckCommand(environment::get, Clock.fixed(NOW, ZoneOffset.UTC), prompt -> {
            promptShown.set(prompt);
            return typedPassword;
        });
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private String write(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file.toString();
    }

    @Test
    void deviceWithExtensionAndFullChainExitsZeroWithPassLines() throws IOException {
        String file = write("device.pem", pem(device, intermediate, root));

        int exit = run(file);

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("== " + file + " ==", "PASS  ODA_EXTENSION_OK", "Okta upload  accepted",
                "ODA ext    PRESENT_OK (INTEGER 1, non-critical)", "key        EC P-256", "Verdict      PASS");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void deviceWithoutExtensionExitsThree() throws IOException {
        Issued bare = issue("CN=device-bare", intermediate, false, false, List.of(CLIENT_AUTH), NOW.plus(Duration.ofDays(365)));

        int exit = run(write("bare.pem", pem(bare, intermediate, root)));

        assertThat(exit).isEqualTo(CertCheckCommand.EXIT_CHECK_FAILED);
        assertThat(out.toString()).contains("FAIL  ODA_EXTENSION_MISSING", "next: A custom CA must add extension", "Verdict      FAIL");
    }

    @Test
    void oidOnlyAsEkuWarnsAndStillExitsZero() throws IOException {
        Issued ekuOnly = issue("CN=device-eku", intermediate, false, false, List.of(CLIENT_AUTH, ODA_OID), NOW.plus(Duration.ofDays(365)));

        int exit = run(write("eku.pem", pem(ekuOnly, intermediate, root)));

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("WARN  ODA_ONLY_AS_EKU_OR_POLICY", "Okta Device Access (" + ODA_OID + ")", "Verdict      WARN");
    }

    @Test
    void expiredDeviceExitsThree() throws IOException {
        Issued expired = issue("CN=device-old", intermediate, false, true, List.of(CLIENT_AUTH), NOW.minus(Duration.ofDays(3)));

        int exit = run(write("old.pem", pem(expired, intermediate, root)));

        assertThat(exit).isEqualTo(CertCheckCommand.EXIT_CHECK_FAILED);
        assertThat(out.toString()).contains("FAIL  CERT_EXPIRED", "EXPIRED 3 days ago");
    }

    @Test
    void wrongOrderWarnsAndToPemWritesLeafFirst() throws Exception {
        String file = write("wrong.pem", pem(root, device, intermediate));
        Path converted = dir.resolve("ordered.pem");

        int exit = run(file, "--to-pem", converted.toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("WARN  CHAIN_WRONG_ORDER", "leaf to root 1, 2, 0", "PASS  PEM_COPY_WRITTEN");
        assertThat(readCertificates(converted)).containsExactly(device.certificate(), intermediate.certificate(), root.certificate());
        out.getBuffer().setLength(0);
        assertThat(run(converted.toString())).isZero();
        assertThat(out.toString()).contains("Verdict      PASS");
    }

    @Test
    void derPkcs7CaChainFailsAsAnUploadUntilConverted() throws Exception {
        String file = write("chain.p7b", pkcs7(intermediate, root));

        assertThat(run(file)).isEqualTo(CertCheckCommand.EXIT_CHECK_FAILED);
        assertThat(out.toString()).contains("FAIL  UPLOAD_FORMAT_REFUSED",
                "convert: openssl pkcs7 -inform DER -print_certs -in " + file + " -out chain.pem");

        out.getBuffer().setLength(0);
        Path converted = dir.resolve("chain.pem");
        assertThat(run(file, "--to-pem", converted.toString())).isZero();
        assertThat(out.toString()).contains("WARN  UPLOAD_FORMAT_CONVERTED");
        assertThat(readCertificates(converted)).containsExactly(intermediate.certificate(), root.certificate());
    }

    @Test
    void pemPkcs7IsRecognised() throws IOException {
        String file = write("chain-pem.p7b", armor("PKCS7", pkcs7(intermediate, root)));

        assertThat(run(file)).isEqualTo(CertCheckCommand.EXIT_CHECK_FAILED);
        assertThat(out.toString()).contains("Format       PKCS#7 (PEM), 2 certificate(s)", "openssl pkcs7 -print_certs -in " + file);
    }

    @Test
    void pkcs12PasswordComesFromTheEnvironment() throws IOException {
        environment = Map.of("P12_PASS", P12_PASSWORD);
        String file = write("device.p12", pkcs12(device, intermediate, root));

        int exit = run("--password-env", "P12_PASS", file);

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Format       PKCS#12/PFX, 3 certificate(s), private key present",
                "WARN  PRIVATE_KEY_PRESENT", "openssl pkcs12 -in " + file + " -nokeys -out chain.pem");
        assertThat(out.toString() + err).doesNotContain(P12_PASSWORD);
    }

    @Test
    void pkcs12PasswordComesFromAFileWithoutItsLineEnd() throws IOException {
        Path passwordFile = dir.resolve("p12.pass");
        Files.writeString(passwordFile, P12_PASSWORD + "\n");

        int exit = run("--password-file", passwordFile.toString(), write("device.p12", pkcs12(device, intermediate, root)));

        assertThat(exit).isZero();
    }

    @Test
    void pkcs12MeantForUploadFails() throws IOException {
        environment = Map.of("P12_PASS", P12_PASSWORD);

        int exit = run("--for-upload", "--password-env", "P12_PASS", write("device.p12", pkcs12(device, intermediate, root)));

        assertThat(exit).isEqualTo(CertCheckCommand.EXIT_CHECK_FAILED);
        assertThat(out.toString()).contains("FAIL  UPLOAD_FORMAT_REFUSED");
    }

    @Test
    void pkcs12PasswordIsPromptedForWhenAConsoleExists() throws IOException {
        typedPassword = Optional.of(P12_PASSWORD.toCharArray());
        String file = write("device.p12", pkcs12(device, intermediate, root));

        assertThat(run(file)).isZero();
        assertThat(promptShown.get()).isEqualTo("Password for " + file + ": ");
    }

    @Test
    void pkcs12WithoutConsoleOrOptionIsAUsageErrorNamingTheOptions() throws IOException {
        int exit = run(write("device.p12", pkcs12(device, intermediate, root)));

        assertThat(exit).isEqualTo(CertCheckCommand.EXIT_ERROR);
        assertThat(err.toString()).contains("device.p12 is PKCS#12", "--password-env NAME or --password-file FILE");
    }

    @Test
    void wrongPkcs12PasswordExitsOneWithAClearMessage() throws IOException {
        environment = Map.of("P12_PASS", "not it");

        int exit = run("--password-env", "P12_PASS", write("device.p12", pkcs12(device, intermediate, root)));

        assertThat(exit).isEqualTo(CertCheckCommand.EXIT_ERROR);
        assertThat(err.toString()).contains("device.p12: the PKCS#12 password is wrong").doesNotContain("not it");
    }

    @Test
    void unsetPasswordVariableIsNamed() throws IOException {
        int exit = run("--password-env", "NOPE", write("device.p12", pkcs12(device, intermediate, root)));

        assertThat(exit).isEqualTo(CertCheckCommand.EXIT_ERROR);
        assertThat(err.toString()).contains("environment variable NOPE");
    }

    @Test
    void passwordAsAnArgumentIsRefusedWithoutEchoingIt() throws IOException {
        int exit = run("--password", "hunter2", write("device.p12", pkcs12(device, intermediate, root)));

        assertThat(exit).isEqualTo(CertCheckCommand.EXIT_ERROR);
        assertThat(err.toString()).contains("passwords are never taken as arguments").doesNotContain("hunter2");
    }

    @Test
    void bothPasswordOptionsTogetherAreAUsageError() throws IOException {
        int exit = run("--password-env", "A", "--password-file", "b", write("device.pem", pem(device)));

        assertThat(exit).isEqualTo(CertCheckCommand.EXIT_ERROR);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void missingFileExitsOne() {
        int exit = run(dir.resolve("absent.pem").toString());

        assertThat(exit).isEqualTo(CertCheckCommand.EXIT_ERROR);
        assertThat(err.toString()).contains("absent.pem: no such file");
        assertThat((out.toString() + err).split("no such file", -1)).as("the reason is printed once").hasSize(2);
    }

    @Test
    void toPemWithSeveralFilesIsAUsageError() throws IOException {
        int exit = run("--to-pem", dir.resolve("x.pem").toString(), write("a.pem", pem(root)), write("b.pem", pem(root)));

        assertThat(exit).isEqualTo(CertCheckCommand.EXIT_ERROR);
        assertThat(err.toString()).contains("--to-pem needs exactly one FILE");
    }

    @Test
    void failureInOneOfSeveralFilesDecidesTheExitCode() throws IOException {
        Issued bare = issue("CN=device-bare", intermediate, false, false, List.of(CLIENT_AUTH), NOW.plus(Duration.ofDays(365)));

        int exit = run(write("good.pem", pem(device, intermediate, root)), write("bad.pem", pem(bare, intermediate, root)));

        assertThat(exit).isEqualTo(CertCheckCommand.EXIT_CHECK_FAILED);
        assertThat(out.toString()).contains("good.pem ==", "bad.pem ==");
    }

    @Test
    void jsonOutputCarriesVerdictExitCodeAndCertificates() throws IOException {
        int exit = run("--output", "JSON", write("device.pem", pem(device, intermediate, root)));

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(exit).isZero();
        assertThat(json.path("verdict").asText()).isEqualTo("PASS");
        assertThat(json.path("exitCode").asInt()).isZero();
        JsonNode report = json.path("files").get(0).path("report");
        assertThat(report.path("format").asText()).isEqualTo("PEM_CERTIFICATES");
        assertThat(report.path("oktaUpload").path("accepted").asBoolean()).isTrue();
        assertThat(report.path("certificates").get(0).path("odaExtension").path("status").asText()).isEqualTo("PRESENT_OK");
        assertThat(report.path("certificates").get(0).path("notAfter").asText()).isEqualTo(NOW.plus(Duration.ofDays(365)).toString());
        assertThat(report.path("chain").path("properOrder").toString()).isEqualTo("[0,1,2]");
        assertThat(report.path("findings").findValuesAsText("code")).contains("ODA_EXTENSION_OK");
    }

    @Test
    void jsonOutputReportsErrorsPerFile() {
        int exit = run("--output", "json", dir.resolve("absent.pem").toString());

        assertThat(exit).isEqualTo(CertCheckCommand.EXIT_ERROR);
        assertThat(out.toString()).contains("\"errorCode\" : \"CERT_UNREADABLE\"", "\"verdict\" : \"ERROR\"");
    }

    @Test
    void unknownOutputFormatIsAUsageError() throws IOException {
        int exit = run("--output", "yaml", write("device.pem", pem(device)));

        assertThat(exit).isEqualTo(CertCheckCommand.EXIT_ERROR);
        assertThat(err.toString()).contains("'yaml' is not one of text, json");
    }

    @Test
    void convertedPemVerifiesWithOpenssl() throws Exception {
        assumeTrue(opensslAvailable(), "openssl is not on PATH");
        environment = Map.of("P12_PASS", P12_PASSWORD);
        Path converted = dir.resolve("from-p12.pem");

        assertThat(run("--password-env", "P12_PASS", "--to-pem", converted.toString(),
                write("device.p12", pkcs12(device, intermediate, root)))).isZero();

        List<X509Certificate> chain = readCertificates(converted);
        Files.write(dir.resolve("leaf.pem"), pem(new Issued(chain.get(0), null)));
        Files.write(dir.resolve("inter.pem"), pem(new Issued(chain.get(1), null)));
        Files.write(dir.resolve("root.pem"), pem(new Issued(chain.get(2), null)));
        assertThat(openssl("verify", "-CAfile", "root.pem", "-untrusted", "inter.pem", "leaf.pem")).contains("leaf.pem: OK");
        assertThat(openssl("x509", "-in", converted.toString(), "-noout", "-subject")).contains("CN = device-1");
    }

    @Test
    void opensslMadePkcs12AndPkcs7AreRead() throws Exception {
        assumeTrue(opensslAvailable(), "openssl is not on PATH");
        Files.write(dir.resolve("device.pem"), pem(device));
        Files.write(dir.resolve("device.key"), armor("PRIVATE KEY", device.keys().getPrivate().getEncoded()));
        Files.write(dir.resolve("chain.pem"), pem(intermediate, root));
        openssl("pkcs12", "-export", "-in", "device.pem", "-inkey", "device.key", "-certfile", "chain.pem",
                "-out", "openssl.p12", "-passout", "pass:" + P12_PASSWORD);
        openssl("crl2pkcs7", "-nocrl", "-certfile", "chain.pem", "-out", "openssl.p7b");
        environment = Map.of("P12_PASS", P12_PASSWORD);

        assertThat(run("--password-env", "P12_PASS", dir.resolve("openssl.p12").toString())).isZero();
        assertThat(out.toString()).contains("PKCS#12/PFX, 3 certificate(s)", "PASS  ODA_EXTENSION_OK", "PASS  CHAIN_VERIFIED");
        out.getBuffer().setLength(0);
        assertThat(run(dir.resolve("openssl.p7b").toString())).isEqualTo(CertCheckCommand.EXIT_CHECK_FAILED);
        assertThat(out.toString()).contains("PKCS#7 (PEM), 2 certificate(s)", "FAIL  UPLOAD_FORMAT_REFUSED");
    }

    // --- the shared test PKI, built at test time: no key is checked in ---

    private static Issued issue(String subject, Issued issuer, boolean ca, boolean oda, List<String> ekus, Instant notAfter) {
        TestPki.Builder builder = TestPki.certificate(subject, NOW).validity(NOW.minus(Duration.ofDays(400)), notAfter)
                .eku(ekus.toArray(String[]::new));
        if (issuer != null) {
            builder.issuedBy(issuer);
        }
        if (ca) {
            builder.ca();
        }
        if (oda) {
            builder.odaOk();
        }
        return builder.build();
    }

    private static byte[] pem(Issued... certificates) {
        return TestPki.pemBytes(certificates(certificates));
    }

    private static byte[] armor(String label, byte[] der) {
        return TestPki.armor(label, der);
    }

    private static byte[] pkcs7(Issued... certificates) {
        return TestPki.pkcs7Der(certificates(certificates));
    }

    private static byte[] pkcs12(Issued leaf, Issued... chain) {
        return TestPki.pkcs12(leaf, P12_PASSWORD.toCharArray(), certificates(chain));
    }

    private static X509Certificate[] certificates(Issued... issued) {
        return java.util.Arrays.stream(issued).map(Issued::certificate).toArray(X509Certificate[]::new);
    }

    private static List<X509Certificate> readCertificates(Path file) throws Exception {
        List<X509Certificate> certificates = new ArrayList<>();
        for (var certificate : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            certificates.add((X509Certificate) certificate);
        }
        return certificates;
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

    private String openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("openssl %s: %s", String.join(" ", args), output).isZero();
        return output;
    }
}
