package io.scephub.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.core.cert.CertificateInspector;
import io.scephub.core.cert.CertificateReport;
import io.scephub.core.cert.Finding;
import io.scephub.core.cert.Pkcs12PasswordSource;
import io.scephub.core.cert.Purpose;
import io.scephub.core.cert.Severity;
import io.scephub.core.contract.ScepConfiguration;
import io.scephub.core.resource.OwnershipMarker;
import io.scephub.sandbox.ChallengeRequest;
import io.scephub.sandbox.JamfSimulator;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.ScepClient;
import io.scephub.sandbox.ScepDecision;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's simulated devices enrolling through Okta's SCEP service in the sandbox (RFC 8894,
 * with the sandbox's small SCEP client): Windows on Intune with a delegated challenge, macOS on Jamf
 * with a dynamic one, Windows on Workspace ONE with the static secret. Each certificate goes to
 * {@code devices/<name>.pem} (with Okta's chain) and through the same inspector as
 * {@code scephub cert check}; then the Mac's one-time challenge is sent again and must be refused.
 */
public final class DemoScepDevices {

    private static final Pattern DYNAMIC_CHALLENGE = Pattern.compile("The enrollment challenge password is: <B> (\\S+) </B>");

    private record Device(String name, String enrollment, String story) {
    }

    private static final List<Device> DEVICES = List.of(
            new Device("WIN-SCEP-01", "windows-intune", "Windows on Intune, delegated challenge signed by Intune"),
            new Device("MAC-SCEP-02", "macos-jamf", "macOS on Jamf, one-time challenge Jamf got from scephub's SCEPChallenge webhook"),
            new Device("WIN-SCEP-03", "windows-ws1", "Windows on Workspace ONE, the configuration's static secret"));

    private final Sandbox sandbox;
    private final Path devicesDir;
    private final CertificateInspector inspector;
    private final ScepClient scep = new ScepClient();
    private final HttpClient http = HttpClient.newHttpClient();

    public DemoScepDevices(Sandbox sandbox, Path demoDir, Clock clock) {
        this.sandbox = sandbox;
        this.devicesDir = demoDir.resolve("devices");
        this.inspector = new CertificateInspector(clock, Pkcs12PasswordSource.none());
    }

    /** Enrols the three devices and replays one challenge. True when all three passed and the replay was refused. */
    public boolean run(PrintWriter out) {
        boolean allPassed = true;
        String replayUrl = null;
        String replayChallenge = null;
        KeyPair replayKey = null;
        for (Device device : DEVICES) {
            JsonNode configuration = scepConfiguration(device.enrollment());
            String url = sandbox.okta().scepUrl(configuration.path("id").asText()).orElseThrow();
            KeyPair key = ScepClient.newDeviceKey();
            String challenge = challenge(device, configuration, key);
            out.println("   " + device.name() + "  (" + device.enrollment() + ": " + device.story() + ")");
            ScepClient.Outcome outcome = scep.enrol(url, "CN=" + device.name(), challenge, key);
            if (!outcome.issued()) {
                out.println("      PKIOperation -> " + outcome.pkiStatus() + " " + outcome.failInfo().orElse("") + " (" + lastReason() + ")");
                allPassed = false;
                continue;
            }
            X509Certificate certificate = outcome.certificate().get();
            out.println("      PKIOperation -> SUCCESS: " + certificate.getSubjectX500Principal().getName() + ", issued by "
                    + certificate.getIssuerX500Principal().getName());
            allPassed &= certCheck(device, certificate, out);
            if (device.enrollment().equals("macos-jamf")) {
                replayUrl = url;
                replayChallenge = challenge;
                replayKey = key;
            }
        }
        if (replayChallenge == null) {
            return false;
        }
        ScepClient.Outcome replay = scep.enrol(replayUrl, "CN=MAC-SCEP-02", replayChallenge, replayKey);
        out.println("   Replay: MAC-SCEP-02 sends its one-time challenge again -> " + replay.pkiStatus()
                + replay.failInfo().map(f -> " " + f).orElse("") + " (" + lastReason() + ")");
        out.println("   (full reports: ./scephub cert check " + devicesDir.resolve("*.pem") + ")");
        return allPassed && !replay.issued() && replay.failInfo().isPresent();
    }

    private String challenge(Device device, JsonNode configuration, KeyPair key) {
        return switch (configuration.path("challengeType").asText()) {
            case "DELEGATED" -> sandbox.challenges().issue(ChallengeRequest.builder(DemoWorkspace.WINDOWS_AUDIENCE, device.name())
                    .platform("windows").csrPublicKey(key.getPublic()).build());
            case "DYNAMIC" -> jamfChallenge(device);
            case "STATIC" -> sandbox.okta().staticSecret(configuration.path("id").asText()).orElseThrow();
            default -> throw new IllegalStateException("unexpected challenge type of " + device.enrollment());
        };
    }

    /**
     * What Jamf does for each Mac in scope: it posts the SCEPChallenge event to the webhook scephub registered,
     * and scephub answers a one-time challenge it fetched from Okta's challenge URL (Okta's credentials stay in
     * scephub). The Mac is a computer record in the sandbox's Jamf, in the Smart Group the profile is scoped to.
     */
    private String jamfChallenge(Device device) {
        sandbox.jamf().addComputer(device.name(), "C02" + device.name().replace("-", ""), List.of(1L));
        JamfSimulator.ChallengeDelivery delivery = sandbox.jamf().deliverScepPayload(device.name(), "scephub " + device.enrollment());
        return delivery.challenge().orElseThrow(() -> new IllegalStateException("Jamf got no challenge for " + device.name() + " from "
                + "scephub's webhook: " + delivery.detail()));
    }

    private boolean certCheck(Device device, X509Certificate certificate, PrintWriter out) {
        try {
            Files.createDirectories(devicesDir);
            Path file = devicesDir.resolve(device.name() + ".pem");
            Files.writeString(file, pem(certificate) + sandbox.okta().oktaCaChainPem(), StandardCharsets.UTF_8);
            CertificateReport report = inspector.inspect(file.toString(), Files.readAllBytes(file), Purpose.AUTO).report();
            List<String> problems = report.findings().stream().filter(f -> f.severity() != Severity.PASS).map(Finding::code).toList();
            boolean oda = report.findings().stream().anyMatch(f -> f.code().equals(CertificateInspector.ODA_EXTENSION_OK));
            out.println("      cert check " + file + ": " + report.verdict()
                    + (oda ? " (Okta Device Access extension = INTEGER 1, Client Authentication EKU, chain to Okta's root)" : "")
                    + (problems.isEmpty() ? "" : " " + problems));
            return report.verdict() == Severity.PASS && oda;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the device certificate under " + devicesDir + ": " + e.getMessage(), e);
        }
    }

    private JsonNode scepConfiguration(String enrollment) {
        String marker = OwnershipMarker.of(ScepConfiguration.key(enrollment));
        return sandbox.okta().registrationAuthorities().stream()
                .filter(ra -> ra.path("description").asText().contains(marker)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the sandbox's Okta has no SCEP configuration for " + enrollment));
    }

    private String lastReason() {
        List<ScepDecision> decisions = sandbox.scep().decisions();
        return decisions.isEmpty() ? "no decision" : decisions.get(decisions.size() - 1).reason();
    }

    private static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("an issued certificate does not encode", e);
        }
    }
}
