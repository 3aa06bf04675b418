package io.scephub.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.model.ConnectorSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {
    private static final HttpPolicy VENDOR = HttpPolicy.defaults()
            .withRateLimits(List.of(RateLimitWindow.writes("w", 100, Duration.ofSeconds(20))));

    private static ConnectorSettings settings(Map<String, Object> values) {
        return new ConnectorSettings("intune", "mdm.intune", values);
    }

    @Test
    void unsetKeysKeepTheVendorPolicy() {
        assertThat(HttpSettings.policy(VENDOR, settings(Map.of()))).isEqualTo(VENDOR);
    }

    @Test
    void setKeysOverrideTheVendorPolicyAndKeepItsWindows() {
        HttpPolicy policy = HttpSettings.policy(VENDOR, settings(Map.of(
                "http.requestsPerSecond", 7L, "http.readTimeout", Duration.ofMillis(300), "http.maxAttempts", 3L,
                "http.initialBackoff", Duration.ofMillis(20), "http.maxBackoff", Duration.ofMillis(80))));

        assertThat(policy.requestsPerSecond()).isEqualTo(7.0);
        assertThat(policy.readTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(policy.connectTimeout()).isEqualTo(VENDOR.connectTimeout());
        assertThat(policy.callTimeout()).isEqualTo(VENDOR.callTimeout());
        assertThat(policy.maxAttempts()).isEqualTo(3);
        assertThat(policy.initialBackoff()).isEqualTo(Duration.ofMillis(20));
        assertThat(policy.maxBackoff()).isEqualTo(Duration.ofMillis(80));
        assertThat(policy.rateLimits()).isEqualTo(VENDOR.rateLimits());
    }

    @Test
    void badValuesAreReportedWithTheirFullPath() {
        assertThat(HttpSettings.validate(settings(Map.of("http.requestsPerSecond", 0L, "http.maxAttempts", 0L,
                "http.initialBackoff", Duration.ofSeconds(5), "http.maxBackoff", Duration.ofSeconds(1)))))
                .extracting(p -> p.path())
                .containsExactly("mdm.intune.http.requestsPerSecond", "mdm.intune.http.maxAttempts", "mdm.intune.http.maxBackoff");
        assertThat(HttpSettings.validate(settings(Map.of("http.maxAttempts", 3L)))).isEmpty();
    }
}
