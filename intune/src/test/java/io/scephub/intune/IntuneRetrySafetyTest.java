package io.scephub.intune;

import io.scephub.core.spi.ReadRequest;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.scephub.intune.IntuneFixtures.CONFIGS;
import static io.scephub.intune.IntuneFixtures.TENANT;
import static io.scephub.intune.IntuneFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.scephub.core.http.ResilientVendorHttp;
import io.scephub.core.http.VendorHttp;
import io.scephub.core.model.Platform;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.spi.ConnectorContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Through the real shared client: the POSTs the connector sends that are safe to repeat are repeated after a 5xx. */
class IntuneRetrySafetyTest {
    private WireMockServer graph;
    private IntuneConnector connector;

    @BeforeEach
    void start() {
        graph = IntuneFixtures.startGraph();
        connector = new IntuneConnectorProvider().open(IntuneFixtures.settings(graph.port()), resilientContext(), wait -> { });
    }

    @AfterEach
    void stop() {
        graph.stop();
    }

    @Test
    void aFiveHundredFromTheTokenEndpointAndFromAssignIsRetried() {
        graph.stubFor(post(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token")).atPriority(1).inScenario("token")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"server_error\",\"error_description\":\"AADSTS90033: transient\"}")));
        String assign = CONFIGS + "/root-1/assign";
        graph.stubFor(post(urlPathEqualTo(assign)).inScenario("assign").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(aResponse().withStatus(500)));
        graph.stubFor(post(urlPathEqualTo(assign)).inScenario("assign").whenScenarioStateIs("up")
                .willReturn(okJson(json(Map.of("value", List.of())))));

        IntuneConnectorTestAccess.graph(connector).assign("root-1", List.of());

        graph.verify(2, postRequestedFor(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token")));
        graph.verify(2, postRequestedFor(urlPathEqualTo(assign)));
    }

    @Test
    void aBatchOfReadsThatMetA502IsSentAgain() {
        ReadRequest request = ReadRequest.of(connector, IntuneFixtures.state(IntuneFixtures.enrollment("windows-intune", Platform.WINDOWS)));
        graph.stubFor(get(urlPathEqualTo(CONFIGS)).willReturn(okJson(json(Map.of("value", List.of())))));
        for (String name : List.of("ODA Windows Pilot", "Kiosks")) {
            graph.stubFor(get(urlPathEqualTo("/beta/groups")).withQueryParam("$filter", equalTo("displayName eq '" + name + "'"))
                    .willReturn(okJson(json(Map.of("value", List.of(Map.of("id", "g-" + name.length(), "displayName", name)))))));
        }
        graph.stubFor(post(urlPathEqualTo("/beta/$batch")).atPriority(1).inScenario("batch").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("up").willReturn(aResponse().withStatus(502)));

        ReadResult result = connector.read(request);

        assertThat(result.problems()).isEmpty();
        graph.verify(2, postRequestedFor(urlPathEqualTo("/beta/$batch")));
    }

    private static ConnectorContext resilientContext() {
        ResilientVendorHttp http = new ResilientVendorHttp(Clock.systemUTC(), wait -> { });
        return new ConnectorContext() {
            @Override
            public Secret secret(SecretRef ref) {
                return Secret.of(TestContext.CANARY_SECRET, ref.toString());
            }

            @Override
            public VendorHttp http() {
                return http;
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }
        };
    }
}
