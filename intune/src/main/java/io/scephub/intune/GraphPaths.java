package io.scephub.intune;

import io.scephub.core.model.Platform;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Every Microsoft Graph and Entra path, type name and query string the connector uses, so a change
 * at Microsoft is a change to this one class. The typed SDK request builders cover the rest; only
 * what the SDK cannot express (the token endpoint, the {@code $ref} link, the bind URL) is spelled out.
 */
final class GraphPaths {

    static final String DEFAULT_GRAPH_BASE_URL = "https://graph.microsoft.com/beta";
    static final String DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com";
    static final String GRAPH_SCOPE = "https://graph.microsoft.com/.default";

    static final String WINDOWS_TRUSTED_ROOT = "#microsoft.graph.windows81TrustedRootCertificate";
    static final String MACOS_TRUSTED_ROOT = "#microsoft.graph.macOSTrustedRootCertificate";
    static final String WINDOWS_SCEP = "#microsoft.graph.windows81SCEPCertificateProfile";
    static final String MACOS_SCEP = "#microsoft.graph.macOSScepCertificateProfile";
    static final String GROUP_TARGET = "#microsoft.graph.groupAssignmentTarget";
    static final String EXCLUSION_GROUP_TARGET = "#microsoft.graph.exclusionGroupAssignmentTarget";

    /**
     * What the configuration list asks for: the marker lives in description, the rest is read per
     * owned object. Graph still annotates each entry with its derived {@code @odata.type}. The creation
     * time decides which of two profiles carrying one marker stays managed.
     */
    static final String[] LIST_SELECT = {"id", "displayName", "description", "createdDateTime"};
    /** Page size of the configuration list: Graph's page-size maximum for most collections is 999. */
    static final int LIST_TOP = 999;
    /** A navigation property of the base deviceConfiguration type, so the list may expand it. */
    static final String ASSIGNMENTS = "assignments";
    static final String[] GROUP_SELECT = {"id", "displayName"};
    /** A group scephub may own: its marker sits in the description. */
    static final String[] OWNED_GROUP_SELECT = {"id", "displayName", "description"};
    /** What a wave group's member listing needs (directoryObject id; a device's displayName). */
    static final String[] MEMBER_SELECT = {"id", "displayName"};
    /** Page size asked of member listings: Graph's directory collections page at most 999. */
    static final int MEMBERS_TOP = 999;
    /** The group update that adds up to 20 members at once (Graph "Add members", example 2). */
    static final String MEMBERS_BIND = "members@odata.bind";
    static final String ROOT_CERTIFICATE = "rootCertificate";
    static final String ROOT_CERTIFICATE_BIND = "rootCertificate@odata.bind";

    /** The tail of Entra's token endpoint path. */
    static final String TOKEN_SUFFIX = "/oauth2/v2.0/token";
    /** The tail of a configuration's assign action (the SDK builds the call; the request rules recognise it). */
    static final String ASSIGN_SUFFIX = "/assign";
    /** The tail of Graph's JSON batch endpoint. */
    static final String BATCH_SUFFIX = "/$batch";

    private GraphPaths() {
    }

    /** Entra's OAuth2 v2 token endpoint for the tenant. */
    static String tokenUrl(String authorityHost, String tenantId) {
        return trimSlash(authorityHost) + "/" + encode(tenantId) + TOKEN_SUFFIX;
    }

    /** Graph's JSON batch endpoint. */
    static String batchUrl(String graphBaseUrl) {
        return trimSlash(graphBaseUrl) + BATCH_SUFFIX;
    }

    /** The URL a profile binds its root certificate with ({@code @odata.bind} / {@code @odata.id}). */
    static String configurationUrl(String graphBaseUrl, String id) {
        return trimSlash(graphBaseUrl) + "/deviceManagement/deviceConfigurations('" + id.replace("'", "''") + "')";
    }

    /** The navigation link that moves a SCEP profile to another root: PUT with {@code {"@odata.id": ...}}. */
    static String rootCertificateRef(String graphBaseUrl, String scepProfileId, Platform platform) {
        return trimSlash(graphBaseUrl) + "/deviceManagement/deviceConfigurations/" + encode(scepProfileId) + "/"
                + scepType(platform).substring(1) + "/rootCertificate/$ref";
    }

    /**
     * The per-device certificate states of a SCEP profile. They are a navigation property of the
     * derived SCEP types, so the path carries the type cast, as Microsoft's reference shows it.
     */
    static String certificateStates(String graphBaseUrl, String scepProfileId, Platform platform) {
        return trimSlash(graphBaseUrl) + "/deviceManagement/deviceConfigurations/" + encode(scepProfileId) + "/"
                + scepType(platform).substring(1) + "/managedDeviceCertificateStates";
    }

    /** The per-device delivery statuses of a configuration ({@code deviceConfigurationDeviceStatus} items). */
    static String deviceStatuses(String graphBaseUrl, String configurationId) {
        return trimSlash(graphBaseUrl) + "/deviceManagement/deviceConfigurations/" + encode(configurationId) + "/deviceStatuses";
    }

    /**
     * {@code $expand} of a SCEP profile's root: {@code rootCertificate} is declared on the derived
     * SCEP types only (Graph beta metadata), so it must be reached through the type cast.
     */
    static String rootCertificateExpand(Platform platform) {
        return scepType(platform).substring(1) + "/" + ROOT_CERTIFICATE;
    }

    /** A configuration's path relative to the Graph version root, as a {@code $batch} step addresses it. */
    static String configurationPath(String id) {
        return "/deviceManagement/deviceConfigurations/" + encode(id);
    }

    /** The group lookup by display name, relative to the Graph version root, for a {@code $batch} step. */
    static String groupsByNamePath(String displayName) {
        return "/groups?$filter=" + encode(groupByNameFilter(displayName)) + "&$select=" + String.join(",", GROUP_SELECT);
    }

    /** Entra devices by display name, relative to the Graph version root, for a {@code $batch} step. */
    static String devicesByNamePath(String displayName) {
        return "/devices?$filter=" + encode(groupByNameFilter(displayName)) + "&$select=id,displayName";
    }

    /** A directory object as a member reference ({@code @odata.id} / {@code members@odata.bind}). */
    static String directoryObjectUrl(String graphBaseUrl, String objectId) {
        return trimSlash(graphBaseUrl) + "/directoryObjects/" + encode(objectId);
    }

    /** One group by id, relative to the Graph version root, for a {@code $batch} step. */
    static String groupPath(String id) {
        return "/groups/" + encode(id) + "?$select=" + String.join(",", GROUP_SELECT);
    }

    /** {@code startswith(displayName,'...')} (Graph's group resource: displayName supports startsWith in $filter). */
    static String groupNamePrefixFilter(String prefix) {
        return "startswith(displayName,'" + prefix.replace("'", "''") + "')";
    }

    /** {@code displayName eq '...'} with single quotes doubled, as OData string literals require. */
    static String groupByNameFilter(String displayName) {
        return "displayName eq '" + displayName.replace("'", "''") + "'";
    }

    /** {@code deviceName eq '...'}: how Intune finds a managed device by name. */
    static String managedDeviceByNameFilter(String deviceName) {
        return "deviceName eq '" + deviceName.replace("'", "''") + "'";
    }

    /** {@code serialNumber eq '...'}: the other way to find a device; Graph's documented examples filter on one property at a time. */
    static String managedDeviceBySerialFilter(String serialNumber) {
        return "serialNumber eq '" + serialNumber.replace("'", "''") + "'";
    }

    static String trustedRootType(Platform platform) {
        return switch (platform) {
            case WINDOWS -> WINDOWS_TRUSTED_ROOT;
            case MACOS -> MACOS_TRUSTED_ROOT;
        };
    }

    static String scepType(Platform platform) {
        return switch (platform) {
            case WINDOWS -> WINDOWS_SCEP;
            case MACOS -> MACOS_SCEP;
        };
    }

    static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code /applications(appId='{appId}')}: an app registration by its client id; the id is a UUID (checked by the config). */
    static String application(String graphBaseUrl, String appId) {
        return graphBaseUrl + "/applications(appId='" + appId.replace("'", "''") + "')";
    }
}
