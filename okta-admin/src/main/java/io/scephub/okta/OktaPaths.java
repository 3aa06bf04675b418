package io.scephub.okta;

import okhttp3.HttpUrl;

/**
 * Every URL scephub calls at Okta, in one place: a change at Okta is a change to this class only.
 * Each path is one of Okta's routes in okta/terraform-provider-okta's generated route table
 * ({@code okta/internal/apimutex/rate_limit_lines.go}); see docs/contracts/okta-device-access.md.
 */
final class OktaPaths {
    static final String QUERY_LIMIT = "limit";
    static final String QUERY_TYPE = "type";
    static final String QUERY_SEARCH = "search";
    static final String TYPE_ROOT = "ROOT";
    /** Okta's maximum page size for these lists. */
    static final int PAGE_SIZE = 200;
    /** Okta's management API; its routes are also Okta's rate-limit buckets ({@link OktaRateLimits}). */
    static final String API = "/api/v1";
    static final String CERTIFICATE_AUTHORITIES = API + "/certificateAuthorities";
    /** The segment after a CA's id that reads its chain. */
    static final String CHAIN = "cert";
    static final String GROUPS = API + "/groups";
    private static final String TOKEN = "/oauth2/v1/token";

    private final HttpUrl orgUrl;

    OktaPaths(HttpUrl orgUrl) {
        this.orgUrl = orgUrl;
    }

    HttpUrl orgUrl() {
        return orgUrl;
    }

    HttpUrl token() {
        return path(TOKEN).build();
    }

    HttpUrl certificateAuthorities() {
        return path(CERTIFICATE_AUTHORITIES).addQueryParameter(QUERY_LIMIT, String.valueOf(PAGE_SIZE)).build();
    }

    HttpUrl rootCertificateAuthorities() {
        return path(CERTIFICATE_AUTHORITIES).addQueryParameter(QUERY_TYPE, TYPE_ROOT).build();
    }

    HttpUrl certificateAuthority(String caId) {
        return ca(caId).build();
    }

    HttpUrl certificateAuthorityChain(String caId) {
        return ca(caId).addPathSegment(CHAIN).build();
    }

    HttpUrl registrationAuthorities(String caId) {
        return ca(caId).addPathSegment("registrationAuthorities")
                .addQueryParameter(QUERY_LIMIT, String.valueOf(PAGE_SIZE)).build();
    }

    HttpUrl newRegistrationAuthority(String caId) {
        return ca(caId).addPathSegment("registrationAuthorities").build();
    }

    HttpUrl registrationAuthority(String caId, String raId) {
        return ra(caId, raId).build();
    }

    /** {@code POST …/registrationAuthorities/{raId}/resetPassword}: a new dynamic-challenge password. */
    HttpUrl resetPassword(String caId, String raId) {
        return ra(caId, raId).addPathSegment("resetPassword").build();
    }

    /** Whether {@code encodedPath} is the token endpoint's. */
    static boolean isToken(String encodedPath) {
        return encodedPath.endsWith(TOKEN);
    }

    /** Groups whose name is exactly {@code name}; a {@code "} or {@code \} in the name is escaped for Okta's filter syntax. */
    HttpUrl groupsNamed(String name) {
        String quoted = "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return path(GROUPS)
                .addQueryParameter(QUERY_SEARCH, "profile.name eq " + quoted)
                .addQueryParameter(QUERY_LIMIT, String.valueOf(PAGE_SIZE)).build();
    }

    private HttpUrl.Builder ca(String caId) {
        return path(CERTIFICATE_AUTHORITIES).addPathSegment(caId);
    }

    private HttpUrl.Builder ra(String caId, String raId) {
        return ca(caId).addPathSegment("registrationAuthorities").addPathSegment(raId);
    }

    /** {@code absolutePath} (e.g. {@link #GROUPS}) under the org URL. */
    private HttpUrl.Builder path(String absolutePath) {
        return orgUrl.newBuilder().query(null).fragment(null).addPathSegments(absolutePath.substring(1));
    }
}
