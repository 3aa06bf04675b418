package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.Fault;
import io.scephub.sandbox.JamfSimulator;
import io.scephub.sandbox.RecordedRequest;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.Vendor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** okta + jamf through the real CLI against the sandbox: the Jamf profile follows Okta's dynamic SCEP configuration. */
@ExtendWith(SandboxExtension.class)
class JamfAgainstSandboxTest {
    private static Sandbox sandbox;

    @TempDir
    Path dir;

    private HubCli cli;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    @BeforeEach
    void resetSandbox() {
        sandbox.reset();
        cli = new HubCli(dir, SandboxConfig.credentials(sandbox));
    }

    private void write(String include) throws Exception {
        write(include, 9);
    }

    private void write(String include, int hooksPort) throws Exception {
        Files.writeString(dir.resolve("scephub.yaml"),
                SandboxConfig.header(sandbox, SandboxConfig.jamf(sandbox, hooksPort)) + """
                  - name: macos-jamf
                    platform: macos
                    mdm: jamf
                    challenge: dynamic
                    ca: okta
                    certificate:
                      subject: "CN=$COMPUTERNAME ODA $UDID"
                      keySize: 2048
                      validity: 1y
                    groups:
                      include: [ %s ]
                """.formatted(include));
    }

    @Test
    void planApplyPlanConvergesAndTheProfilePointsAtOkta() throws Exception {
        write("\"ODA Macs\"");
        HubCli.Run plan = cli.run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("okta.scep-configuration/macos-jamf").contains("jamf.configuration-profile/macos-jamf");

        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        HubCli.Run again = cli.run("plan");
        assertThat(again.exitCode()).as(again.all()).isZero();

        JamfSimulator.Profile profile = sandbox.jamf().profile("scephub macos-jamf").orElseThrow();
        String scepUrl = sandbox.okta().registrationAuthorities().get(0).path("scepUrl").asText();
        assertThat(profile.level()).isEqualTo("System");
        assertThat(profile.payloads()).contains(scepUrl);
        assertThat(profile.includedGroups()).extracting(JamfSimulator.Group::name).containsExactly("ODA Macs");
        // Issue #14 item 6: Okta's password (and its challenge URL and username) never reach Jamf; Jamf asks scephub instead.
        String raId = sandbox.okta().registrationAuthorities().get(0).path("id").asText();
        String oktaPassword = sandbox.okta().dynamicPassword(raId).orElseThrow();
        String username = sandbox.okta().registrationAuthorities().get(0).at("/dynamic/username").asText();
        assertThat(profile.payloads()).doesNotContain(oktaPassword).doesNotContain(username).doesNotContain("/challenge")
                .doesNotContain("Challenge Type").doesNotContain("<key>Password</key>");
        assertThat(sandbox.jamf().webhooks()).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo("scephub SCEPChallenge");
            assertThat(w.event()).isEqualTo("SCEPChallenge");
            assertThat(w.authenticationType()).isEqualTo("BASIC");
            assertThat(w.contentType()).isEqualTo("application/json");
            assertThat(w.url()).isEqualTo("http://127.0.0.1:9/hooks/jamf/scep-challenge");
        });
        assertThat(apply.all() + plan.all() + again.all()).doesNotContain(oktaPassword)
                .doesNotContain(SandboxConfig.JAMF_WEBHOOK_PASSWORD);
    }

    /**
     * Issue #14 item 6 end to end: a Mac in scope of the profile enrols; the sandbox's Jamf posts the
     * SCEPChallenge event to the webhook scephub registered; scephub (its hooks, as serve offers them) fetches
     * a one-time challenge from Okta's challenge URL with credentials it obtained from Okta and answers it; the
     * Mac enrols by real SCEP with it, once. A caller without Jamf's credentials gets nothing.
     */
    @Test
    void aMacInScopeGetsItsOneTimeChallengeThroughScephubsWebhookAndEnrolsOnce() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        write("\"ODA Macs\"", port);
        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        io.scephub.hub.HubEnvironment env = new io.scephub.hub.HubEnvironment(SandboxConfig.credentials(sandbox), dir,
                java.time.Clock.systemUTC());
        try (io.scephub.hub.Hub hub = io.scephub.hub.Hub.create(env)) {
            var config = hub.load(dir.resolve("scephub.yaml"));
            try (io.scephub.hub.HubSession session = hub.open(config);
                 AutoCloseable hooks = io.scephub.hub.server.ConnectorHooks.of(session.connectors(), config.desired())
                         .startAlone("127.0.0.1", port)) {
                sandbox.jamf().addComputer("MAC-HOOK-01", "C02HOOK01", List.of(1L));
                JamfSimulator.ChallengeDelivery delivery = sandbox.jamf().deliverScepPayload("MAC-HOOK-01", "scephub macos-jamf");
                assertThat(delivery.challenge()).as(delivery.detail()).isPresent();
                String scepUrl = sandbox.okta().registrationAuthorities().get(0).path("scepUrl").asText();
                assertThat(delivery.scepUrl()).isEqualTo(scepUrl);

                io.scephub.sandbox.ScepClient scep = new io.scephub.sandbox.ScepClient();
                java.security.KeyPair key = io.scephub.sandbox.ScepClient.newDeviceKey();
                assertThat(scep.enrol(scepUrl, "CN=MAC-HOOK-01", delivery.challenge().get(), key).issued()).isTrue();
                io.scephub.sandbox.ScepClient.Outcome replay = scep.enrol(scepUrl, "CN=MAC-HOOK-01", delivery.challenge().get(), key);
                assertThat(replay.issued()).isFalse();
                assertThat(replay.failInfo()).contains("badRequest");
                // Each Mac gets its own challenge.
                JamfSimulator.ChallengeDelivery second = sandbox.jamf().deliverScepPayload("MAC-HOOK-01", "scephub macos-jamf");
                assertThat(second.challenge()).isPresent().get().isNotEqualTo(delivery.challenge().get());

                java.net.http.HttpResponse<String> stranger = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                                + "/hooks/jamf/scep-challenge")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"webhook\":{\"webhookEvent\":\"SCEPChallenge\"},\"event\":{\"scepServerUrl\":\"" + scepUrl
                                        + "\"}}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(stranger.statusCode()).isEqualTo(401);
            }
        }
        String raId = sandbox.okta().registrationAuthorities().get(0).path("id").asText();
        assertThat(sandbox.jamf().profile("scephub macos-jamf").orElseThrow().payloads())
                .doesNotContain(sandbox.okta().dynamicPassword(raId).orElseThrow());
    }

    /** Jamf re-renders the SCEP payloads it knows (jamf-cli#310): scephub writes only Apple's keys, so nothing is lost. */
    @Test
    void jamfRerenderingTheScepPayloadLosesNothingAndConverges() throws Exception {
        write("\"ODA Macs\"");
        sandbox.jamf().rerenderScepPayloads(true);

        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        HubCli.Run plan = cli.run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        HubCli.Run online = cli.run("validate", "--online");
        assertThat(online.out()).contains("jamf.webhook.scep-challenge").doesNotContain("challenge-settings");
        assertThat(sandbox.jamf().profiles()).hasSize(1);
    }

    /** Issue #9 item 7: an unknown Jamf group stops the plan before anything is applied at any vendor. */
    @Test
    void anUnknownGroupStopsThePlanBeforeAnythingIsApplied() throws Exception {
        write("\"ODA Macs\", \"No Such Group\"");

        HubCli.Run apply = cli.run("apply", "--auto-approve");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(1);
        assertThat(apply.err()).contains("groups.include[1]").contains("Jamf has no computer group named 'No Such Group'");
        assertThat(sandbox.okta().registrationAuthorities()).isEmpty();
        assertThat(sandbox.jamf().profiles()).isEmpty();
    }

    @Test
    void changingTheGroupIsExactlyOneUpdate() throws Exception {
        write("\"ODA Macs\"");
        assertThat(cli.run("apply", "--auto-approve").exitCode()).isZero();
        write("\"ODA Pilot Macs\"");
        HubCli.Run plan = cli.run("plan", "--output", "json");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        List<JsonNode> changes = new ArrayList<>();
        new ObjectMapper().readTree(plan.out()).path("changes").forEach(c -> {
            if (!"no-op".equals(c.path("action").asText())) {
                changes.add(c);
            }
        });
        assertThat(changes).as(plan.out()).hasSize(1);
        assertThat(changes.get(0).path("action").asText()).isEqualTo("update");
        assertThat(changes.get(0).path("key").asText()).isEqualTo("jamf.configuration-profile/macos-jamf");
        assertThat(cli.run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(cli.run("plan").exitCode()).isZero();
        assertThat(sandbox.jamf().profile("scephub macos-jamf").orElseThrow().includedGroups())
                .extracting(JamfSimulator.Group::name).containsExactly("ODA Pilot Macs");
    }
}
