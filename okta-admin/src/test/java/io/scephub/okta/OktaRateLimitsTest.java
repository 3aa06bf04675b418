package io.scephub.okta;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.http.QuotaWindows;
import java.time.Duration;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

class OktaRateLimitsTest {
    private static final String ORG = "https://example.okta.com";

    private static Optional<QuotaWindows.Bucket> bucket(String method, String path) {
        RequestBody body = method.equals("GET") ? null : RequestBody.create("{}", MediaType.get("application/json"));
        return OktaRateLimits.bucket(new Request.Builder().url(ORG + path).method(method, body).build());
    }

    @Test
    void creatingAndListingCasAndRasCountAgainstTheCertificateAuthoritiesBucket() {
        assertThat(bucket("GET", "/api/v1/certificateAuthorities?limit=200")).contains(OktaRateLimits.CERTIFICATE_AUTHORITIES);
        assertThat(bucket("POST", "/api/v1/certificateAuthorities")).contains(OktaRateLimits.CERTIFICATE_AUTHORITIES);
        assertThat(bucket("POST", "/api/v1/certificateAuthorities/ca1/registrationAuthorities"))
                .contains(OktaRateLimits.CERTIFICATE_AUTHORITIES);
        assertThat(bucket("POST", "/api/v1/certificateAuthorities/ca1/registrationAuthorities/ra1/lifecycle/activate"))
                .contains(OktaRateLimits.CERTIFICATE_AUTHORITIES);
        assertThat(OktaRateLimits.CERTIFICATE_AUTHORITIES.permits()).isEqualTo(100);
    }

    @Test
    void theCaChainReadHasItsOwnBucketNotTheCreateBucket() {
        assertThat(bucket("GET", "/api/v1/certificateAuthorities/ca1/cert")).contains(OktaRateLimits.CA_CHAIN);
        assertThat(OktaRateLimits.CA_CHAIN).isNotEqualTo(OktaRateLimits.CERTIFICATE_AUTHORITIES);
    }

    @Test
    void groupsAreSplitAsOktaPublishesThemAndTheTokenEndpointIsNoManagementBucket() {
        assertThat(bucket("GET", "/api/v1/groups?search=x")).contains(OktaRateLimits.GROUPS);
        assertThat(bucket("GET", "/api/v1/groups/00g1")).contains(OktaRateLimits.GROUP);
        assertThat(bucket("GET", "/api/v1/users")).contains(OktaRateLimits.OTHER);
        assertThat(bucket("POST", "/oauth2/v1/token")).isEmpty();
    }

    @Test
    void windowsAreCalendarMinutesSteeredByOktasHeaders() {
        assertThat(OktaRateLimits.QUOTAS.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(OktaRateLimits.QUOTAS.headers().remaining()).isEqualTo("X-Rate-Limit-Remaining");
        assertThat(OktaRateLimits.QUOTAS.headers().resetEpochSeconds()).isEqualTo("X-Rate-Limit-Reset");
    }
}
