package io.scephub.hub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scephub.core.http.CallObserver.CircuitState;
import io.scephub.core.http.HttpPolicy;
import io.scephub.core.http.ResilientVendorHttp;
import io.scephub.core.http.RetryAfterSources;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VendorCallMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final VendorCallMetrics metrics = new VendorCallMetrics(registry);
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer vendor;

    /** A fake vendor on loopback: the first request of each pair is throttled with 429, the second answered 200. */
    @BeforeEach
    void startVendor() throws IOException {
        vendor = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        vendor.createContext("/", exchange -> {
            boolean throttle = requests.incrementAndGet() % 2 == 1;
            byte[] body = (throttle ? "slow down" : "{}").getBytes(StandardCharsets.UTF_8);
            if (throttle) {
                exchange.getResponseHeaders().add("Retry-After", "0");
            }
            exchange.sendResponseHeaders(throttle ? 429 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        vendor.start();
    }

    @AfterEach
    void stopVendor() {
        vendor.stop(0);
    }

    private OkHttpClient client() {
        ResilientVendorHttp http = new ResilientVendorHttp(Clock.systemUTC(), wait -> { }, metrics);
        HttpPolicy policy = HttpPolicy.defaults().withRequestsPerSecond(0).withMaxAttempts(3);
        return http.client("workspaceone", policy, RetryAfterSources.retryAfterHeader(), List.of());
    }

    private String url(String pathAndQuery) {
        return "http://127.0.0.1:" + vendor.getAddress().getPort() + pathAndQuery;
    }

    @Test
    void aRetriedCallIsOneCallOneRetryAndOneTimingInPrometheusText() throws IOException {
        OkHttpClient client = client();
        try (Response response = client.newCall(new Request.Builder().url(url("/API/mdm/smartgroups")).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
        }

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains("scephub_vendor_calls_total{method=\"GET\",status=\"200\",vendor=\"workspaceone\"} 1.0")
                .contains("scephub_vendor_retries_total{reason=\"http_429\",vendor=\"workspaceone\"} 1.0")
                .contains("scephub_vendor_call_seconds_count{vendor=\"workspaceone\"} 1")
                .contains("scephub_vendor_circuit_state{state=\"closed\",vendor=\"workspaceone\"} 1.0")
                .contains("scephub_vendor_circuit_state{state=\"open\",vendor=\"workspaceone\"} 0.0");
        assertThat(requests).hasValue(2);
    }

    @Test
    void theCircuitGaugeFollowsTheLatestState() {
        metrics.circuitStateChanged("jamf", CircuitState.CLOSED);
        metrics.circuitStateChanged("jamf", CircuitState.OPEN);

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains("scephub_vendor_circuit_state{state=\"open\",vendor=\"jamf\"} 1.0")
                .contains("scephub_vendor_circuit_state{state=\"closed\",vendor=\"jamf\"} 0.0")
                .contains("scephub_vendor_circuit_state{state=\"half_open\",vendor=\"jamf\"} 0.0");
    }

    @Test
    void nothingFromTheUrlOrItsSecretsReachesTheMetrics() throws IOException {
        String canary = "canary-0c44e1-device-secret";
        OkHttpClient client = client();
        Request request = new Request.Builder().url(url("/API/mdm/devices/" + canary + "?token=" + canary))
                .header("Authorization", "Bearer " + canary).build();
        try (Response response = client.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
        }

        assertThat(registry.scrape()).contains("scephub_vendor_calls_total").doesNotContain(canary);
    }
}
