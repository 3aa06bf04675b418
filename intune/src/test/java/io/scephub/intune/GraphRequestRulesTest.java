package io.scephub.intune;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.http.RateLimitWindow;
import io.scephub.core.http.RequestCost;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

class GraphRequestRulesTest {
    private static final String GRAPH = "https://graph.microsoft.com/beta";
    private static final MediaType JSON = MediaType.get("application/json");

    private static Request post(String url, String body) {
        return new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build();
    }

    @Test
    void theDefaultLimitsAreIntunesPublishedPerAppPerTenantWindows() {
        assertThat(GraphRequestRules.PUBLISHED_LIMITS).containsExactly(
                RateLimitWindow.requests("graph-requests", 1_000, Duration.ofSeconds(20)),
                RateLimitWindow.writes("graph-writes", 100, Duration.ofSeconds(20)));
        assertThat(IntuneConnectorProvider.graphPolicy().rateLimits()).isEqualTo(GraphRequestRules.PUBLISHED_LIMITS);
        assertThat(IntuneConnectorProvider.graphPolicy().requestsPerSecond()).isZero();
    }

    @Test
    void aBatchCostsItsInnerRequestsAndItsInnerWrites() {
        Request batch = post(GRAPH + "/$batch", """
                {"requests":[
                  {"id":"1","method":"GET","url":"/deviceManagement/deviceConfigurations/a"},
                  {"id":"2","method":"PATCH","url":"/deviceManagement/deviceConfigurations/b","body":{}},
                  {"id":"3","method":"POST","url":"/deviceManagement/deviceConfigurations/b/assign","body":{}}
                ]}""");

        assertThat(GraphRequestRules.COST.of(batch)).isEqualTo(new RequestCost(3, 2));
    }

    @Test
    void plainRequestsCostOneAndOneWriteUnlessTheyRead() {
        assertThat(GraphRequestRules.COST.of(new Request.Builder().url(GRAPH + "/groups").build()))
                .isEqualTo(new RequestCost(1, 0));
        assertThat(GraphRequestRules.COST.of(post(GRAPH + "/deviceManagement/deviceConfigurations", "{}")))
                .isEqualTo(new RequestCost(1, 1));
        assertThat(GraphRequestRules.COST.of(post(GRAPH + "/$batch", "not json"))).isEqualTo(new RequestCost(1, 1));
    }

    @Test
    void theEntraTokenRequestIsNotChargedAsAGraphWrite() {
        Request token = post("https://login.microsoftonline.com/tenant/oauth2/v2.0/token", "grant_type=client_credentials");

        assertThat(GraphRequestRules.COST.of(token)).isEqualTo(RequestCost.NONE);
        assertThat(RequestCost.NONE.requests()).isZero();
        assertThat(RequestCost.NONE.writes()).isZero();
    }

    @Test
    void assignTokenAndReadOnlyBatchesAreRetrySafeButCreatesAreNot() {
        assertThat(GraphRequestRules.RETRY_SAFE_POST.test(post(GRAPH + "/deviceManagement/deviceConfigurations/x/assign", "{}"))).isTrue();
        assertThat(GraphRequestRules.RETRY_SAFE_POST.test(post("https://login.microsoftonline.com/t/oauth2/v2.0/token", "a=b"))).isTrue();
        assertThat(GraphRequestRules.RETRY_SAFE_POST.test(post(GRAPH + "/$batch",
                "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/groups?$filter=x\"},"
                        + "{\"id\":\"2\",\"method\":\"POST\",\"url\":\"/deviceManagement/deviceConfigurations/b/assign\"}]}"))).isTrue();

        assertThat(GraphRequestRules.RETRY_SAFE_POST.test(post(GRAPH + "/deviceManagement/deviceConfigurations", "{}"))).isFalse();
        assertThat(GraphRequestRules.RETRY_SAFE_POST.test(post(GRAPH + "/$batch",
                "{\"requests\":[{\"id\":\"1\",\"method\":\"POST\",\"url\":\"/deviceManagement/deviceConfigurations\"}]}"))).isFalse();
    }
}
