package io.scephub.okta;

import okhttp3.HttpUrl;

/**
 * Every URL scephub calls at Okta, in one place: a change at Okta is a change to this class only.
 * See docs/contracts/okta-device-access.md for the modelled contract.
 */
final class OktaPaths {
    static final String QUERY_LIMIT = "limit";
    static final String QUERY_TYPE = "type";
    static final String QUERY_SEARCH = "search";
    static final String TYPE_ROOT = "ROOT";
    /** Okta's maximum page size for these lists. */
    static final int PAGE_SIZE = 200;
    private static final String TOKEN = "oauth2/v1/token";
    private static final String LIFECYCLE = "lifecycle";
    private static final String ACTIVATE = "activate";
    private static final String DEACTIVATE = "deactivate";

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
        return path("api/v1/certificateAuthorities").addQueryParameter(QUERY_LIMIT, String.valueOf(PAGE_SIZE)).build();
    }

    HttpUrl rootCertificateAuthorities() {
        return path("api/v1/certificateAuthorities").addQueryParameter(QUERY_TYPE, TYPE_ROOT).build();
    }

    HttpUrl newCertificateAuthority() {
        return path("api/v1/certificateAuthorities").build();
    }

    HttpUrl certificateAuthority(String caId) {
        return ca(caId).build();
    }

    HttpUrl certificateAuthorityChain(String caId) {
        return ca(caId).addPathSegment("cert").build();
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

    HttpUrl rotateSecret(String caId, String raId) {
        return ra(caId, raId).addPathSegment(LIFECYCLE).addPathSegment("rotateSecret").build();
    }

    HttpUrl resetCredentials(String caId, String raId) {
        return ra(caId, raId).addPathSegment(LIFECYCLE).addPathSegment("resetCredentials").build();
    }

    HttpUrl activate(String caId, String raId) {
        return ra(caId, raId).addPathSegment(LIFECYCLE).addPathSegment(ACTIVATE).build();
    }

    HttpUrl deactivate(String caId, String raId) {
        return ra(caId, raId).addPathSegment(LIFECYCLE).addPathSegment(DEACTIVATE).build();
    }

    /** Whether {@code encodedPath} is the token endpoint's. */
    static boolean isToken(String encodedPath) {
        return encodedPath.endsWith("/" + TOKEN);
    }

    /** Whether {@code encodedPath} activates or deactivates a registration authority. */
    static boolean isActivation(String encodedPath) {
        return encodedPath.endsWith("/" + LIFECYCLE + "/" + ACTIVATE) || encodedPath.endsWith("/" + LIFECYCLE + "/" + DEACTIVATE);
    }

    /** Groups whose name is exactly {@code name}; a {@code "} or {@code \} in the name is escaped for Okta's filter syntax. */
    HttpUrl groupsNamed(String name) {
        String quoted = "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return path("api/v1/groups")
                .addQueryParameter(QUERY_SEARCH, "profile.name eq " + quoted)
                .addQueryParameter(QUERY_LIMIT, String.valueOf(PAGE_SIZE)).build();
    }

    private HttpUrl.Builder ca(String caId) {
        return path("api/v1/certificateAuthorities").addPathSegment(caId);
    }

    private HttpUrl.Builder ra(String caId, String raId) {
        return ca(caId).addPathSegment("registrationAuthorities").addPathSegment(raId);
    }

    private HttpUrl.Builder path(String segments) {
        return orgUrl.newBuilder().query(null).fragment(null).addPathSegments(segments);
    }
}
