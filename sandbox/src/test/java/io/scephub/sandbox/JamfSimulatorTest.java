package io.scephub.sandbox;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JamfSimulatorTest {

    @AutoClose
    private static Sandbox sandbox;
    private static final String PLIST = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><plist version=\"1.0\"><dict>"
            + "<key>PayloadContent</key><array><dict><key>PayloadIdentifier</key><string>inner.id</string></dict></array>"
            + "<key>PayloadIdentifier</key><string>mine.id</string><key>PayloadUUID</key><string>MINE-UUID</string></dict></plist>";

    @BeforeAll
    static void start() {
        sandbox = TestSandbox.running();
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
    }

    private TestHttp authorised() {
        String form = "grant_type=client_credentials&client_id=" + SandboxOptions.DEFAULT_JAMF_CLIENT_ID
                + "&client_secret=" + SandboxOptions.DEFAULT_JAMF_CLIENT_SECRET;
        HttpResponse<String> token = new TestHttp(null).send("POST", sandbox.jamfBaseUrl() + "/api/oauth/token", form,
                "application/x-www-form-urlencoded");
        assertThat(token.statusCode()).isEqualTo(200);
        return new TestHttp("Bearer " + TestHttp.json(token).get("access_token").asText());
    }

    private static String profile(String name, String level) {
        return "<os_x_configuration_profile><general><name>" + name + "</name><level>" + level + "</level><payloads>"
                + PLIST.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</payloads></general>"
                + "<scope><computer_groups><computer_group><name>ODA Macs</name></computer_group></computer_groups></scope>"
                + "</os_x_configuration_profile>";
    }

    @Test
    void createStoresComputerLevelLabelAsUserAndSystemAsSystem() {
        TestHttp http = authorised();
        String url = sandbox.jamfBaseUrl() + "/JSSResource/osxconfigurationprofiles/id/0";
        assertThat(http.send("POST", url, profile("label", "Computer Level"), "application/xml").statusCode()).isEqualTo(201);
        HttpResponse<String> created = http.send("POST", url, profile("wire", "System"), "application/xml");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("<os_x_configuration_profile><id>2</id></os_x_configuration_profile>");
        assertThat(sandbox.jamf().profile("label").orElseThrow().level()).isEqualTo("User");
        JamfSimulator.Profile wire = sandbox.jamf().profile("wire").orElseThrow();
        assertThat(wire.level()).isEqualTo("System");
        assertThat(wire.includedGroups()).extracting(JamfSimulator.Group::name).containsExactly("ODA Macs");
    }

    @Test
    void createRewritesOnlyTheTopLevelIdentity() {
        TestHttp http = authorised();
        http.send("POST", sandbox.jamfBaseUrl() + "/JSSResource/osxconfigurationprofiles/id/0", profile("p", "System"),
                "application/xml");
        JamfSimulator.Profile stored = sandbox.jamf().profile("p").orElseThrow();
        assertThat(stored.payloads()).doesNotContain("MINE-UUID").doesNotContain("mine.id").contains("inner.id")
                .contains(stored.uuid());
    }

    private static final String SCEP_PLIST = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><plist version=\"1.0\"><dict>"
            + "<key>PayloadContent</key><array><dict><key>PayloadType</key><string>com.apple.security.scep</string>"
            + "<key>PayloadContent</key><dict><key>URL</key><string>https://okta.example/scep?a=1&amp;b=2</string>"
            + "<key>Challenge Type</key><string>Dynamic-Microsoft CA</string><key>Keysize</key><integer>2048</integer></dict>"
            + "</dict></array><key>PayloadIdentifier</key><string>mine.id</string></dict></plist>";

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String profileWithPayloads(String name, String payloadsText) {
        return "<os_x_configuration_profile><general><name>" + name + "</name><level>System</level><payloads>"
                + escaped(payloadsText) + "</payloads></general></os_x_configuration_profile>";
    }

    @Test
    void payloadsAreDecodedOnceMoreSoAnAmpersandNeedsTheEscapedWireFormAndGetsAnExtraEntityLayer() {
        TestHttp http = authorised();
        String url = sandbox.jamfBaseUrl() + "/JSSResource/osxconfigurationprofiles/id/0";

        HttpResponse<String> single = http.send("POST", url, profileWithPayloads("single", SCEP_PLIST), "application/xml");
        assertThat(single.statusCode()).isEqualTo(409);
        assertThat(single.body()).contains("Unable to update the database");

        HttpResponse<String> twice = http.send("POST", url, profileWithPayloads("twice", escaped(SCEP_PLIST)), "application/xml");
        assertThat(twice.statusCode()).isEqualTo(201);
        // Not re-rendered: kept, with one more entity layer in string values (Jamf PI-827).
        assertThat(sandbox.jamf().profile("twice").orElseThrow().payloads())
                .contains("a=1&amp;amp;b=2").contains("<key>Challenge Type</key>");
    }

    @Test
    void reRenderedScepPayloadsLoseUnknownKeysAndTheirDecodedTextIsRefusedWhenSentBackAsRead() {
        sandbox.jamf().rerenderScepPayloads(true);
        TestHttp http = authorised();
        String url = sandbox.jamfBaseUrl() + "/JSSResource/osxconfigurationprofiles/id/0";
        assertThat(http.send("POST", url, profileWithPayloads("p", escaped(SCEP_PLIST)), "application/xml").statusCode())
                .isEqualTo(201);
        JamfSimulator.Profile stored = sandbox.jamf().profile("p").orElseThrow();
        assertThat(stored.payloads()).doesNotContain("Challenge Type").contains("<key>URL</key>").contains("<key>Keysize</key>")
                .contains("a=1&amp;b=2");

        HttpResponse<String> asRead = http.send("PUT", sandbox.jamfBaseUrl() + "/JSSResource/osxconfigurationprofiles/id/"
                + stored.id(), profileWithPayloads("p", stored.payloads()), "application/xml");
        assertThat(asRead.statusCode()).isEqualTo(409);
        assertThat(asRead.body()).contains("Unable to update the database");
        sandbox.reset();
        assertThat(authorised().send("POST", url, profileWithPayloads("q", escaped(SCEP_PLIST)), "application/xml").statusCode())
                .isEqualTo(201);
        assertThat(sandbox.jamf().profile("q").orElseThrow().payloads()).as("reset turns re-rendering off")
                .contains("<key>Challenge Type</key>");
    }

    @Test
    void duplicateNameIsAConflictWithAnHtmlBody() {
        TestHttp http = authorised();
        String url = sandbox.jamfBaseUrl() + "/JSSResource/osxconfigurationprofiles/id/0";
        http.send("POST", url, profile("same", "System"), "application/xml");
        HttpResponse<String> second = http.send("POST", url, profile("same", "System"), "application/xml");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).startsWith("<html>").contains("Duplicate name");
    }

    @Test
    void classicApiNeedsAToken() {
        assertThat(new TestHttp(null).get(sandbox.jamfBaseUrl() + "/JSSResource/osxconfigurationprofiles").statusCode())
                .isEqualTo(401);
        assertThat(new TestHttp("Bearer nope").get(sandbox.jamfBaseUrl() + "/JSSResource/computergroups").statusCode())
                .isEqualTo(401);
    }

    @Test
    void healthyComputerReportsTheProfileOnceScopedAndBrokenOneDoesNot() {
        TestHttp http = authorised();
        http.send("POST", sandbox.jamfBaseUrl() + "/JSSResource/osxconfigurationprofiles/id/0", profile("p", "System"),
                "application/xml");
        HttpResponse<String> search = http.get(sandbox.jamfBaseUrl()
                + "/api/v1/computers-inventory?filter=general.name%3D%3D%22MAC-HEALTHY-01%22");
        String id = TestHttp.json(search).get("results").get(0).get("id").asText();
        HttpResponse<String> detail = http.get(sandbox.jamfBaseUrl() + "/api/v1/computers-inventory/" + id
                + "?section=CONFIGURATION_PROFILES");
        assertThat(TestHttp.json(detail).get("configurationProfiles").get(0).get("displayName").asText()).isEqualTo("p");
        HttpResponse<String> broken = http.get(sandbox.jamfBaseUrl() + "/api/v1/computers-inventory/2?section=CONFIGURATION_PROFILES");
        assertThat(TestHttp.json(broken).get("configurationProfiles")).isEmpty();
    }

    @Test
    void inventoryPagesALargeFleetWithEveryComputerExactlyOnce() {
        sandbox.jamf().addComputers("MAC-BULK", 2_345, 1);
        TestHttp http = authorised();
        java.util.Set<String> ids = new java.util.HashSet<>();
        int pages = 0;
        for (int page = 0; ; page++) {
            assertThat(page).as("the pages end").isLessThan(30);
            com.fasterxml.jackson.databind.JsonNode body = TestHttp.json(http.get(sandbox.jamfBaseUrl()
                    + "/api/v1/computers-inventory?section=GENERAL&page=" + page + "&page-size=100&sort=id:asc"));
            assertThat(body.get("totalCount").asInt()).isEqualTo(2_347);
            if (body.get("results").isEmpty()) {
                break;
            }
            body.get("results").forEach(c -> assertThat(ids.add(c.get("id").asText())).as("seen once").isTrue());
            pages++;
        }
        assertThat(ids).hasSize(2_347);
        assertThat(pages).isEqualTo(24);
        assertThat(sandbox.jamf().computerCount()).isEqualTo(2_347);
    }

    @Test
    void smartGroupsAreFoundByName() {
        HttpResponse<String> group = authorised().get(sandbox.jamfBaseUrl() + "/JSSResource/computergroups/name/ODA%20Pilot%20Macs");
        assertThat(group.statusCode()).isEqualTo(200);
        assertThat(group.body()).contains("<is_smart>true</is_smart>").contains("MAC-HEALTHY-01");
    }

    @Test
    void aComputerGroupIsDeletedOnlyOnceNoProfileScopeNamesIt() {
        TestHttp http = authorised();
        JamfSimulator jamf = sandbox.jamf();
        long groupId = jamf.seedGroup("Leaving", false, java.util.List.of());
        String create = sandbox.jamfBaseUrl() + "/JSSResource/osxconfigurationprofiles/id/0";
        String scoped = profile("scoped", "System").replace("</scope>",
                "<exclusions><computer_groups><computer_group><id>" + groupId + "</id></computer_group></computer_groups></exclusions></scope>");
        assertThat(http.send("POST", create, scoped, "application/xml").statusCode()).isEqualTo(201);
        String group = sandbox.jamfBaseUrl() + "/JSSResource/computergroups/id/" + groupId;

        HttpResponse<String> refused = http.send("DELETE", group, null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("in the scope of a configuration profile");
        assertThat(jamf.groups()).anyMatch(g -> g.id() == groupId);

        long profileId = jamf.profile("scoped").orElseThrow().id();
        String scopeOnly = "<os_x_configuration_profile><scope><computer_groups><computer_group><name>ODA Macs</name></computer_group>"
                + "</computer_groups><exclusions><computer_groups/></exclusions></scope></os_x_configuration_profile>";
        assertThat(http.send("PUT", sandbox.jamfBaseUrl() + "/JSSResource/osxconfigurationprofiles/id/" + profileId, scopeOnly,
                "application/xml").statusCode()).isEqualTo(201);
        assertThat(http.send("DELETE", group, null).statusCode()).isEqualTo(200);
        assertThat(jamf.groups()).noneMatch(g -> g.id() == groupId);
        assertThat(http.send("DELETE", group, null).statusCode()).isEqualTo(404);
    }

    @Test
    void injectedFaultsReachJamf() {
        TestHttp http = authorised();
        sandbox.faults().nextN(Vendor.JAMF, 1, Fault.status(503).retryAfter("1"));
        HttpResponse<String> faulted = http.get(sandbox.jamfBaseUrl() + "/JSSResource/computergroups");
        assertThat(faulted.statusCode()).isEqualTo(503);
        assertThat(faulted.headers().firstValue("Retry-After")).contains("1");
    }

    @Test
    void webhooksAreValidatedAsJamfDoesAndTheirPasswordReadsBackRedacted() {
        TestHttp http = authorised();
        String base = sandbox.jamfBaseUrl() + "/JSSResource/webhooks";
        String basicWithoutUser = "<webhook><name>x</name><url>http://127.0.0.1:9/h</url><event>SCEPChallenge</event>"
                + "<authentication_type>BASIC</authentication_type></webhook>";
        assertThat(http.send("POST", base + "/id/0", basicWithoutUser, "application/xml").body()).contains("Username is required");
        assertThat(http.send("POST", base + "/id/0", "<webhook><name>x</name><url>http://127.0.0.1:9/h</url><event>NoSuchEvent"
                + "</event></webhook>", "application/xml").statusCode()).isEqualTo(409);
        HttpResponse<String> created = http.send("POST", base + "/id/0", "<webhook><name>hook</name><enabled>true</enabled>"
                + "<url>http://127.0.0.1:9/h</url><content_type>application/yaml</content_type><event>SCEPChallenge</event>"
                + "<authentication_type>BASIC</authentication_type><username>u</username><password>canary-pw</password></webhook>",
                "application/xml");
        assertThat(created.statusCode()).isEqualTo(201);
        long id = sandbox.jamf().webhooks().get(0).id();
        HttpResponse<String> read = http.send("GET", base + "/id/" + id, null);
        assertThat(read.body()).contains("<password>********</password>").doesNotContain("canary-pw")
                .contains("<content_type>text/xml</content_type>");
        // Classic's PUT merges: an omitted element keeps its value.
        http.send("PUT", base + "/id/" + id, "<webhook><enabled>false</enabled></webhook>", "application/xml");
        assertThat(sandbox.jamf().webhooks()).singleElement().satisfies(w -> {
            assertThat(w.enabled()).isFalse();
            assertThat(w.username()).isEqualTo("u");
            assertThat(w.password()).isEqualTo("canary-pw");
        });
        assertThat(http.send("GET", base, null).body()).contains("<webhook><id>" + id + "</id><name>hook</name></webhook>");
    }

    @Test
    void aMacInScopeAsksNoWebhookWhenNoneIsRegisteredAndOutOfScopeMacsAskNothing() {
        TestHttp http = authorised();
        String scep = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><plist version=\"1.0\"><dict><key>PayloadContent</key><array>"
                + "<dict><key>PayloadType</key><string>com.apple.security.scep</string><key>PayloadIdentifier</key>"
                + "<string>io.x.scep</string><key>PayloadContent</key><dict><key>URL</key><string>https://o.example/scep</string>"
                + "</dict></dict></array><key>PayloadIdentifier</key><string>io.x</string></dict></plist>";
        String body = "<os_x_configuration_profile><general><name>p</name><level>System</level><payloads>"
                + scep.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</payloads></general>"
                + "<scope><computer_groups><computer_group><name>ODA Macs</name></computer_group></computer_groups></scope>"
                + "</os_x_configuration_profile>";
        assertThat(http.send("POST", sandbox.jamfBaseUrl() + "/JSSResource/osxconfigurationprofiles/id/0", body,
                "application/xml").statusCode()).isEqualTo(201);
        assertThat(sandbox.jamf().deliverScepPayload(JamfSimulator.HEALTHY_COMPUTER, "p").detail())
                .isEqualTo("no enabled SCEPChallenge webhook");
        sandbox.jamf().addComputer("MAC-ELSEWHERE", "C02X", java.util.List.of(3L));
        assertThat(sandbox.jamf().deliverScepPayload("MAC-ELSEWHERE", "p").detail()).contains("not in scope");
    }
}
