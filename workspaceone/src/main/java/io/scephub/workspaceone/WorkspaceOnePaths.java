package io.scephub.workspaceone;

import okhttp3.HttpUrl;

/** Every Workspace ONE UEM path scephub calls, and the API version each one is served in (sent in the Accept header). */
final class WorkspaceOnePaths {
    /** The OAuth token endpoint of the North America region: the default of {@code tokenUrl}. */
    static final String DEFAULT_TOKEN_URL = "https://na.uemauth.workspaceone.com/connect/token";
    /** Profiles are served in version 2; the searches and picklists in version 1. */
    static final int PROFILES_VERSION = 2;
    static final int SEARCH_VERSION = 1;
    /** Windows Desktop is {@code winrt} in paths and {@code WinRT} in the profile search filter. */
    static final String PLATFORM_PATH = "winrt";
    static final String PLATFORM_SEARCH = "WinRT";
    /** DELETE /API/mdm/profiles/{id} is registered in version 1 only (profiles_delete_not_found.json). */
    static final int DELETE_VERSION = 1;
    /** The largest page the searches serve (the published captures page by 500). */
    static final int PAGE_SIZE = 500;

    private final HttpUrl base;
    private final HttpUrl tokenUrl;

    WorkspaceOnePaths(HttpUrl base, HttpUrl tokenUrl) {
        this.base = base;
        this.tokenUrl = tokenUrl;
    }

    HttpUrl token() {
        return tokenUrl;
    }

    HttpUrl createProfile() {
        return api("mdm", "profiles", "platforms", PLATFORM_PATH, "create").build();
    }

    HttpUrl updateProfile() {
        return api("mdm", "profiles", "platforms", PLATFORM_PATH, "update").build();
    }

    HttpUrl profile(String id) {
        return api("mdm", "profiles", id).build();
    }

    HttpUrl searchProfiles(long organizationGroupId, int page) {
        return api("mdm", "profiles", "search")
                .addQueryParameter("organizationgroupid", Long.toString(organizationGroupId))
                .addQueryParameter("platform", PLATFORM_SEARCH)
                .addQueryParameter("page", Integer.toString(page))
                .addQueryParameter("pagesize", Integer.toString(PAGE_SIZE)).build();
    }

    HttpUrl certificateAuthorities(long organizationGroupId) {
        return api("mdm", "picklists", "organizationgroups", Long.toString(organizationGroupId), "certificateauthorities").build();
    }

    HttpUrl certificateTemplates(long organizationGroupId, long certificateAuthorityId) {
        return api("mdm", "picklists", "organizationgroups", Long.toString(organizationGroupId), "certificateauthorities",
                Long.toString(certificateAuthorityId), "certificatetemplates").build();
    }

    /** Every smart group, one page; names are compared here, since the search's {@code name} matches partially. */
    HttpUrl searchSmartGroups(int page) {
        return api("mdm", "smartgroups", "search")
                .addQueryParameter("page", Integer.toString(page))
                .addQueryParameter("pagesize", Integer.toString(PAGE_SIZE)).build();
    }

    HttpUrl searchOrganizationGroups(String groupId) {
        return api("system", "groups", "search").addQueryParameter("groupid", groupId).build();
    }

    /** One page of the enrolled Windows Desktop devices (v1 search; {@code platform=WinRT} is unverified). */
    HttpUrl searchDevices(int page) {
        return api("mdm", "devices", "search").addQueryParameter("platform", PLATFORM_SEARCH)
                .addQueryParameter("page", Integer.toString(page))
                .addQueryParameter("pagesize", Integer.toString(PAGE_SIZE)).build();
    }

    HttpUrl deviceProfiles(long deviceId) {
        return api("mdm", "devices", Long.toString(deviceId), "profiles").build();
    }

    HttpUrl deviceCertificates(long deviceId) {
        return api("mdm", "devices", Long.toString(deviceId), "certificates").build();
    }

    /** Pushes a profile to one device again ({@code POST}, body names the device). */
    HttpUrl installProfile(String profileId) {
        return api("mdm", "profiles", profileId, "install").build();
    }

    HttpUrl deviceProfilesBySerial(String serial) {
        return api("mdm", "devices", "profiles").addQueryParameter("searchBy", "Serialnumber")
                .addQueryParameter("id", serial).build();
    }

    private HttpUrl.Builder api(String... segments) {
        HttpUrl.Builder builder = base.newBuilder().addPathSegment("API");
        for (String segment : segments) {
            builder.addPathSegment(segment);
        }
        return builder;
    }
}
