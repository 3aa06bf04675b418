package io.scephub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Install times in the Jamf simulator follow the sandbox clock and move only on a redeploy to All. */
class JamfRedeployTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final MutableClock clock = new MutableClock(START);
    @AutoClose
    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = TestSandbox.running(SandboxOptions.builder().clock(clock).build());
    }

    private static String profile(String redeploy) {
        return "<os_x_configuration_profile><general><name>p</name><level>System</level><redeploy_on_update>" + redeploy
                + "</redeploy_on_update></general><scope><computer_groups><computer_group><name>ODA Macs</name>"
                + "</computer_group></computer_groups></scope></os_x_configuration_profile>";
    }

    /** A fresh token each time: the moved clock outlives any token. */
    private static TestHttp authorised() {
        String form = "grant_type=client_credentials&client_id=" + SandboxOptions.DEFAULT_JAMF_CLIENT_ID
                + "&client_secret=" + SandboxOptions.DEFAULT_JAMF_CLIENT_SECRET;
        HttpResponse<String> token = new TestHttp(null).send("POST", sandbox.jamfBaseUrl() + "/api/oauth/token", form,
                "application/x-www-form-urlencoded");
        return new TestHttp("Bearer " + TestHttp.json(token).get("access_token").asText());
    }

    @Test
    void redeployAllReinstallsOnHealthyComputersAndNewlyAssignedDoesNot() {
        TestHttp http = authorised();
        String base = sandbox.jamfBaseUrl() + "/JSSResource/osxconfigurationprofiles/id/";
        assertThat(http.send("POST", base + "0", profile("Newly Assigned"), "application/xml").statusCode()).isEqualTo(201);
        long id = sandbox.jamf().profile("p").orElseThrow().id();
        assertThat(sandbox.jamf().lastInstalled(id, JamfSimulator.HEALTHY_COMPUTER)).contains(START);
        assertThat(sandbox.jamf().lastInstalled(id, JamfSimulator.BROKEN_COMPUTER)).isEmpty();

        clock.advance(Duration.ofDays(10));
        assertThat(authorised().send("PUT", base + id, profile("Newly Assigned"), "application/xml").statusCode()).isEqualTo(201);
        assertThat(sandbox.jamf().lastInstalled(id, JamfSimulator.HEALTHY_COMPUTER)).contains(START);
        assertThat(sandbox.jamf().redeployedAt(id)).isEmpty();

        clock.advance(Duration.ofDays(10));
        Instant redeploy = START.plus(Duration.ofDays(20));
        assertThat(authorised().send("PUT", base + id, profile("All"), "application/xml").statusCode()).isEqualTo(201);
        assertThat(sandbox.jamf().lastInstalled(id, JamfSimulator.HEALTHY_COMPUTER)).contains(redeploy);
        assertThat(sandbox.jamf().redeployedAt(id)).contains(redeploy);
        // Jamf never reports what was sent: the field reads back "Newly Assigned" (terraform-provider-jamfpro#887).
        assertThat(sandbox.jamf().profile("p").orElseThrow().redeployOnUpdate()).isEqualTo(JamfSimulator.NEWLY_ASSIGNED);
        assertThat(authorised().send("GET", base + id, null, null).body())
                .contains("<redeploy_on_update>Newly Assigned</redeploy_on_update>");
        HttpResponse<String> inventory = authorised().send("GET", sandbox.jamfBaseUrl()
                + "/api/v1/computers-inventory?section=GENERAL&section=CONFIGURATION_PROFILES", null, null);
        assertThat(inventory.body()).contains("\"lastInstalled\":\"" + redeploy + "\"");
    }
}
