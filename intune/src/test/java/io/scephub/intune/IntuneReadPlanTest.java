package io.scephub.intune;

import io.scephub.core.spi.ReadRequest;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.scephub.intune.IntuneFixtures.CONFIGS;
import static io.scephub.intune.IntuneFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.scephub.core.error.VendorError;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.GroupScope;
import io.scephub.core.model.Platform;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What read() and findOwned cost and report: group names checked at plan time, the ownership index, throttled $batch steps. */
class IntuneReadPlanTest {
    private static final String WINDOWS = "windows-intune";

    private WireMockServer graph;
    private TestContext context;
    private final List<Duration> waits = new ArrayList<>();
    private IntuneConnector connector;

    @BeforeEach
    void start() {
        graph = IntuneFixtures.startGraph();
        context = new TestContext();
        connector = new IntuneConnectorProvider().open(IntuneFixtures.settings(graph.port()), context, waits::add);
    }

    @AfterEach
    void stop() {
        graph.stop();
    }

    @Test
    void aGroupNameEntraDoesNotKnowIsADesiredStateProblemAtItsConfigPath() {
        DesiredState state = IntuneFixtures.state(IntuneFixtures.enrollment(WINDOWS, Platform.WINDOWS, ChallengeType.DELEGATED,
                IntuneFixtures.certificate(), new GroupScope(List.of("ODA Windows Pilot", "No Such Group"), List.of("kiosks"))));
        stubList(List.of());
        stubGroupSearch("ODA Windows Pilot", List.of(Map.of("id", "g-pilot", "displayName", "ODA Windows Pilot")));
        stubGroupSearch("No Such Group", List.of());
        // Entra matches names case-insensitively: a different letter case still names the group.
        stubGroupSearch("kiosks", List.of(Map.of("id", "g-kiosk", "displayName", "Kiosks")));

        ReadResult result = connector.read(ReadRequest.of(connector, state));

        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.enrollment()).isEqualTo(WINDOWS);
            assertThat(problem.field()).isEqualTo("groups.include[1]");
            assertThat(problem.message()).contains("no Entra group is named \"No Such Group\"");
        });
        // All three names in one $batch, no single lookups.
        graph.verify(1, postRequestedFor(urlPathEqualTo("/beta/$batch")));
    }

    @Test
    void findOwnedAnswersFromTheReadListingWithoutListingAgain() {
        stubList(List.of());
        connector.read(ReadRequest.nothing());

        assertThat(connector.findOwned(IntuneTrustedRoot.key(WINDOWS))).isEmpty();
        assertThat(connector.findOwned(IntuneScepProfile.key(WINDOWS))).isEmpty();

        graph.verify(1, getRequestedFor(urlPathEqualTo(CONFIGS)));
    }

    @Test
    void aCreateWithAnUnknownOutcomeMakesTheNextFindOwnedListAgainAndAdopt() {
        DesiredState state = IntuneFixtures.state(IntuneFixtures.enrollment(WINDOWS, Platform.WINDOWS));
        Resource desired = IntuneFixtures.resolve(IntuneFixtures.desired(connector, state, IntuneTrustedRoot.KIND, WINDOWS),
                IntuneFixtures.standardOutputs(WINDOWS));
        graph.stubFor(get(urlPathEqualTo(CONFIGS)).inScenario("create").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(json(Map.of("value", List.of())))));
        stubGroupSearch("ODA Windows Pilot", List.of(Map.of("id", "g-pilot", "displayName", "ODA Windows Pilot")));
        stubGroupSearch("Kiosks", List.of(Map.of("id", "g-kiosk", "displayName", "Kiosks")));
        connector.read(ReadRequest.of(connector, state));
        // Graph made the object but the answer was lost (a 500 after the request was sent).
        graph.stubFor(post(urlPathEqualTo(CONFIGS)).inScenario("create").willSetStateTo("made")
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":\"InternalServerError\",\"message\":\"oops\"}}")));
        graph.stubFor(get(urlPathEqualTo(CONFIGS)).inScenario("create").whenScenarioStateIs("made")
                .willReturn(okJson(json(Map.of("value", List.of(Map.of("@odata.type", GraphPaths.WINDOWS_TRUSTED_ROOT,
                        "id", "root-1", "displayName", "x", "description", "x\n[scephub:intune.trusted-root/" + WINDOWS + "]")))))));
        graph.stubFor(get(urlPathEqualTo(CONFIGS + "/root-1")).willReturn(okJson(json(Map.of(
                "@odata.type", GraphPaths.WINDOWS_TRUSTED_ROOT, "id", "root-1", "displayName", "x",
                "description", "x\n[scephub:intune.trusted-root/" + WINDOWS + "]", "destinationStore", "computerCertStoreRoot")))));

        assertThatThrownBy(() -> connector.create(desired)).isInstanceOf(VendorError.class);
        Optional<ActualResource> adopted = connector.findOwned(desired.key());

        assertThat(adopted).map(ActualResource::vendorId).contains("root-1");
        graph.verify(2, getRequestedFor(urlPathEqualTo(CONFIGS)));
    }

    @Test
    void aStepGraphThrottlesInsideABatchIsSentAgainAfterItsRetryAfter() {
        DesiredState state = IntuneFixtures.state(IntuneFixtures.enrollment(WINDOWS, Platform.WINDOWS));
        stubList(List.of());
        stubGroupSearch("ODA Windows Pilot", List.of(Map.of("id", "g-pilot", "displayName", "ODA Windows Pilot")));
        stubGroupSearch("Kiosks", List.of(Map.of("id", "g-kiosk", "displayName", "Kiosks")));
        // First $batch: the second step is throttled inside a 200 answer, as Graph does.
        graph.stubFor(post(urlPathEqualTo("/beta/$batch")).atPriority(1).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("once").willReturn(okJson(json(Map.of("responses", List.of(
                        Map.of("id", "0", "status", 200, "body", Map.of("value", List.of(Map.of("id", "g-pilot", "displayName", "ODA Windows Pilot")))),
                        Map.of("id", "1", "status", 429, "headers", Map.of("Retry-After", "7"),
                                "body", Map.of("error", Map.of("code", "TooManyRequests", "message", "slow down")))))))));

        ReadResult result = connector.read(ReadRequest.of(connector, state));

        assertThat(result.problems()).isEmpty();
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
        assertThat(graph.findAll(postRequestedFor(urlPathEqualTo("/beta/$batch")))).hasSize(2)
                .last().satisfies(retry -> assertThat(retry.getBodyAsString()).contains("Kiosks").doesNotContain("Pilot"));
    }

    @ParameterizedTest(name = "inner {0}")
    @ValueSource(ints = {500, 502, 503, 504})
    void aReadStepThatFailsTransientlyInsideABatchIsSentAgainLikeADirectRead(int status) {
        DesiredState state = IntuneFixtures.state(IntuneFixtures.enrollment(WINDOWS, Platform.WINDOWS));
        stubList(List.of());
        stubGroupSearch("ODA Windows Pilot", List.of(Map.of("id", "g-pilot", "displayName", "ODA Windows Pilot")));
        stubGroupSearch("Kiosks", List.of(Map.of("id", "g-kiosk", "displayName", "Kiosks")));
        // First $batch: the second step fails with a transient 5xx inside a 200 answer.
        graph.stubFor(post(urlPathEqualTo("/beta/$batch")).atPriority(1).inScenario("fail").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("once").willReturn(okJson(json(Map.of("responses", List.of(
                        Map.of("id", "0", "status", 200, "body", Map.of("value", List.of(Map.of("id", "g-pilot", "displayName", "ODA Windows Pilot")))),
                        Map.of("id", "1", "status", status,
                                "body", Map.of("error", Map.of("code", "InternalServerError", "message", "try again")))))))));

        ReadResult result = connector.read(ReadRequest.of(connector, state));

        assertThat(result.problems()).isEmpty();
        assertThat(graph.findAll(postRequestedFor(urlPathEqualTo("/beta/$batch")))).hasSize(2)
                .last().satisfies(retry -> assertThat(retry.getBodyAsString()).contains("Kiosks").doesNotContain("Pilot"));
    }

    @Test
    void deletingARootItsOwnScepProfileStillUsesDeletesThatProfileFirstAndOnlyOnce() {
        stubList(List.of(
                Map.of("@odata.type", GraphPaths.WINDOWS_TRUSTED_ROOT, "id", "root-1", "displayName", "r",
                        "description", "[scephub:intune.trusted-root/" + WINDOWS + "]", "assignments", List.of()),
                Map.of("@odata.type", GraphPaths.WINDOWS_SCEP, "id", "scep-1", "displayName", "s",
                        "description", "[scephub:intune.scep-profile/" + WINDOWS + "]", "assignments", List.of())));
        graph.stubFor(com.github.tomakehurst.wiremock.client.WireMock.delete(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(CONFIGS + "/.*"))
                .willReturn(aResponse().withStatus(204)));
        connector.read(ReadRequest.nothing());

        // A platform change replaces both: the root is deleted first, while the SCEP profile still binds it.
        connector.delete(new ActualResource(IntuneTrustedRoot.key(WINDOWS), "intune", "root-1", Map.of(), Map.of(), java.util.Set.of()));
        connector.delete(new ActualResource(IntuneScepProfile.key(WINDOWS), "intune", "scep-1", Map.of(), Map.of(), java.util.Set.of()));

        List<String> deleted = graph.findAll(com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(CONFIGS + "/.*"))).stream().map(r -> r.getUrl()).toList();
        assertThat(deleted).containsExactly(CONFIGS + "/scep-1", CONFIGS + "/root-1");
    }

    /** Issue #13 item 7: an error of one step names that step (the group), not only "$batch of N failed". */
    @Test
    void aStepGraphRefusesInsideABatchIsReportedByItsOwnNameAndGraphsMessage() {
        DesiredState state = IntuneFixtures.state(IntuneFixtures.enrollment(WINDOWS, Platform.WINDOWS));
        stubList(List.of());
        graph.stubFor(post(urlPathEqualTo("/beta/$batch")).atPriority(1).willReturn(okJson(json(Map.of("responses", List.of(
                Map.of("id", "0", "status", 200, "body", Map.of("value", List.of(Map.of("id", "g-pilot", "displayName", "ODA Windows Pilot")))),
                Map.of("id", "1", "status", 400, "headers", Map.of("request-id", "req-kiosks"),
                        "body", Map.of("error", Map.of("code", "Request_BadRequest", "message", "Invalid filter clause")))))))));

        assertThatThrownBy(() -> connector.read(ReadRequest.of(connector, state))).isInstanceOfSatisfying(VendorError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains("find group \"Kiosks\" failed: Invalid filter clause").doesNotContain("$batch of");
        });
    }

    private void stubList(List<Map<String, Object>> entries) {
        graph.stubFor(get(urlPathEqualTo(CONFIGS)).willReturn(okJson(json(Map.of("value", entries)))));
    }

    private void stubGroupSearch(String name, List<Map<String, Object>> groups) {
        graph.stubFor(get(urlPathEqualTo("/beta/groups"))
                .withQueryParam("$filter", equalTo("displayName eq '" + name.replace("'", "''") + "'"))
                .willReturn(okJson(json(Map.of("value", groups)))));
    }
}
