package io.scephub.intune;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import io.scephub.core.http.RequestCost;
import io.scephub.core.http.ResilientVendorHttp;
import io.scephub.core.http.VendorHttp;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import io.scephub.core.spi.ConnectorContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Graph's rules in the shared client: what a request costs, and which POSTs are resent after a 500. */
class GraphHttpPolicyTest {
    private WireMockServer graph;

    @BeforeEach
    void start() {
        graph = IntuneFixtures.startGraph();
    }

    @AfterEach
    void stop() {
        graph.stop();
    }

    @Test
    void aBatchCostsItsInnerRequestsAndWritesAndTheTokenRequestCostsNothing() {
        Request batch = postTo("https://graph.microsoft.com/beta/$batch").newBuilder()
                .tag(GraphHttpPolicy.BatchCost.class, new GraphHttpPolicy.BatchCost(20, 3)).build();
        assertThat(GraphHttpPolicy.cost(batch)).isEqualTo(new RequestCost(20, 3));
        assertThat(GraphHttpPolicy.cost(postTo("https://login.microsoftonline.com/t/oauth2/v2.0/token"))).isEqualTo(new RequestCost(0, 0));
        assertThat(GraphHttpPolicy.cost(new Request.Builder().url("https://graph.microsoft.com/beta/groups").build()))
                .isEqualTo(RequestCost.READ);
        assertThat(GraphHttpPolicy.cost(postTo("https://graph.microsoft.com/beta/deviceManagement/deviceConfigurations")))
                .isEqualTo(RequestCost.WRITE);
    }

    @Test
    void onlyWholeSetAssignsTokenRequestsAndReadOnlyBatchesAreRetrySafe() {
        String base = "https://graph.microsoft.com/beta";
        assertThat(GraphHttpPolicy.retrySafe(postTo(base + "/deviceManagement/deviceConfigurations/abc/assign"))).isTrue();
        assertThat(GraphHttpPolicy.retrySafe(postTo("https://login.microsoftonline.com/t/oauth2/v2.0/token"))).isTrue();
        assertThat(GraphHttpPolicy.retrySafe(postTo(base + "/deviceManagement/deviceConfigurations"))).as("a create").isFalse();
        Request reads = postTo(base + "/$batch").newBuilder().tag(GraphHttpPolicy.BatchCost.class, new GraphHttpPolicy.BatchCost(5, 0)).build();
        Request writes = postTo(base + "/$batch").newBuilder().tag(GraphHttpPolicy.BatchCost.class, new GraphHttpPolicy.BatchCost(5, 1)).build();
        assertThat(GraphHttpPolicy.retrySafe(reads)).isTrue();
        assertThat(GraphHttpPolicy.retrySafe(writes)).isFalse();
    }

    @Test
    void aFiveHundredFromTheTokenEndpointAndFromAssignIsRetriedByTheSharedClient() {
        graph.stubFor(post(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token")).atPriority(1).inScenario("token")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"server_error\",\"error_description\":\"AADSTS90033: transient\"}")));
        String assign = CONFIGS + "/root-1/assign";
        graph.stubFor(post(urlPathEqualTo(assign)).inScenario("assign").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(aResponse().withStatus(500)));
        graph.stubFor(post(urlPathEqualTo(assign)).inScenario("assign").whenScenarioStateIs("up")
                .willReturn(okJson(json(Map.of("value", List.of())))));
        IntuneConnector connector = new IntuneConnectorProvider().open(IntuneFixtures.settings(graph.port()), resilientContext(), wait -> { });

        IntuneGraph api = IntuneConnectorTestAccess.graph(connector);
        api.assign("root-1", List.of());

        graph.verify(2, postRequestedFor(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token")));
        graph.verify(2, postRequestedFor(urlPathEqualTo(assign)));
    }

    private static Request postTo(String url) {
        return new Request.Builder().url(url).post(RequestBody.create("{}", MediaType.get("application/json"))).build();
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
