package io.scephub.jamf;

import okhttp3.HttpUrl;

/** Every Jamf Pro path scephub calls, in one place, so a change at Jamf is a one-file change. */
final class JamfPaths {
    private static final String TOKEN = "api/oauth/token";
    /** The Classic API's root segment (XML bodies). */
    private static final String CLASSIC = "JSSResource";

    private final HttpUrl base;

    JamfPaths(HttpUrl base) {
        this.base = base;
    }

    /** OAuth API-client token endpoint (form post, client credentials). */
    HttpUrl token() {
        return base.newBuilder().addPathSegments(TOKEN).build();
    }

    /** Whether {@code encodedPath} is the token endpoint's. */
    static boolean isToken(String encodedPath) {
        return encodedPath.endsWith("/" + TOKEN);
    }

    /** Whether {@code encodedPath} is a Classic API path (XML) rather than a Jamf Pro API one (JSON). */
    static boolean isClassic(String encodedPath) {
        return encodedPath.startsWith("/" + CLASSIC);
    }

    HttpUrl profiles() {
        return classic().addPathSegment("osxconfigurationprofiles").build();
    }

    HttpUrl profile(String id) {
        return classic().addPathSegments("osxconfigurationprofiles/id").addPathSegment(id).build();
    }

    /** Classic creates with id 0; the answer holds the new id. */
    HttpUrl newProfile() {
        return profile("0");
    }

    HttpUrl webhooks() {
        return classic().addPathSegment("webhooks").build();
    }

    HttpUrl webhook(String id) {
        return classic().addPathSegments("webhooks/id").addPathSegment(id).build();
    }

    HttpUrl computerGroups() {
        return classic().addPathSegment("computergroups").build();
    }

    HttpUrl computerGroup(String name) {
        return classic().addPathSegments("computergroups/name").addPathSegment(name).build();
    }

    HttpUrl computerGroup(long id) {
        return classic().addPathSegments("computergroups/id").addPathSegment(Long.toString(id)).build();
    }

    /** One page of the inventory with each computer's installed profiles and certificates (per-device status). */
    HttpUrl computersWithProfilesAndCertificates(int page, int pageSize) {
        return base.newBuilder().addPathSegments("api/v1/computers-inventory")
                .addQueryParameter("section", "GENERAL").addQueryParameter("section", "HARDWARE")
                .addQueryParameter("section", "CONFIGURATION_PROFILES").addQueryParameter("section", "CERTIFICATES")
                .addQueryParameter("page", Integer.toString(page)).addQueryParameter("page-size", Integer.toString(pageSize))
                .addQueryParameter("sort", "id:asc").build();
    }

    /** Jamf Pro API inventory search, RSQL filter on name or serial. */
    HttpUrl computersByNameOrSerial(String nameOrSerial) {
        String quoted = "\"" + nameOrSerial.replace("\"", "") + "\"";
        return base.newBuilder().addPathSegments("api/v1/computers-inventory")
                .addQueryParameter("section", "GENERAL").addQueryParameter("section", "HARDWARE")
                .addQueryParameter("filter", "general.name==" + quoted + ",hardware.serialNumber==" + quoted).build();
    }

    /** One page of the inventory with each computer's installed configuration profiles. */
    HttpUrl computersWithProfiles(int page, int pageSize) {
        return base.newBuilder().addPathSegments("api/v1/computers-inventory")
                .addQueryParameter("section", "GENERAL").addQueryParameter("section", "HARDWARE")
                .addQueryParameter("section", "CONFIGURATION_PROFILES")
                .addQueryParameter("page", Integer.toString(page)).addQueryParameter("page-size", Integer.toString(pageSize))
                .addQueryParameter("sort", "id:asc").build();
    }

    HttpUrl computerProfiles(String computerId) {
        return base.newBuilder().addPathSegments("api/v1/computers-inventory").addPathSegment(computerId)
                .addQueryParameter("section", "CONFIGURATION_PROFILES").build();
    }

    private HttpUrl.Builder classic() {
        return base.newBuilder().addPathSegment(CLASSIC);
    }
}
