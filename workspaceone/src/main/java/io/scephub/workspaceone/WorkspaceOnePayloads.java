package io.scephub.workspaceone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.core.error.VendorError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place that knows UEM's JSON: the Windows Desktop ({@code winrt}) profile with its
 * {@code Scep} payload (WinRTDeviceProfileV2Entity / WindowsDesktopScepPayloadEntityV2 in Omnissa's
 * euc-oss/terraform-sdk-uem), the v1 profile search, and the picklists. The workspaceone README lists
 * the source of every field; values no published source pins down are marked UNCERTAIN.
 */
final class WorkspaceOnePayloads {
    /** UNCERTAIN (enum not in the published model): windowspccredentialsource value for "Defined Certificate Authority". */
    static final String CERTIFICATE_SOURCE = "DefinedCertificateAuthority";
    /** UNCERTAIN (enum not in the published model): private key in the TPM when the device has one. */
    static final String KEY_LOCATION = "TPMIfPresent";
    /** UNCERTAIN (enum not in the published model): windowspccredentialstorelocation value for the machine store. */
    static final String STORE_LOCATION = "Machine";
    static final String ASSIGNMENT_TYPE = "Auto";
    /** Okta Device Access needs a device certificate, so the profile is device-context. */
    static final String PROFILE_CONTEXT = "Device";
    /**
     * General.AllowRemoval is a string (GeneralPayloadV2Entity; live GETs answer "Always"). "Never"
     * is the console's third option (Always / With Authorization / Never): removing the certificate
     * would lock the user out of Okta Device Access.
     */
    static final String ALLOW_REMOVAL = "Never";
    /** The console-made generic SCEP flow is the SCEP payload (see the README, "Which payload"). */
    static final String SCEP = "Scep";
    static final String GENERAL = "General";

    /** A smart group as a profile references it. */
    record SmartGroupRef(long id, String name) {
    }

    /** An item of a picklist or search answer. */
    record Named(long id, String name) {
    }

    /** What scephub writes. {@code profileId} is empty on create. */
    record ProfileSpec(Optional<Long> profileId, String name, String description, long organizationGroupId,
                       List<SmartGroupRef> assigned, List<SmartGroupRef> excluded, long certificateAuthorityId,
                       long certificateTemplateId) {
    }

    /** The SCEP payload as read back. */
    record ScepPayload(String source, long certificateAuthorityId, long certificateTemplateId, String keyLocation,
                       String storeLocation) {
    }

    /** A profile as read back. */
    record ReadProfile(long id, String name, String description, long organizationGroupId, boolean active,
                       List<String> assigned, List<String> excluded, Optional<ScepPayload> scep) {

        /** What the profile search will show of this profile, as {@link #listing(String, String)} writes it. */
        String listing() {
            return WorkspaceOnePayloads.listing(name, searchStatus(active));
        }
    }

    /** A hit of the version 1 profile search; the search has no description, so the profile is read whole. */
    record SearchHit(long id, String name, String status) {

        /** What this hit shows of the profile, as {@link #listing(String, String)} writes it. */
        String listing() {
            return WorkspaceOnePayloads.listing(name, status);
        }
    }

    private final ObjectMapper mapper;

    WorkspaceOnePayloads(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The body of {@code POST .../winrt/create} (no ProfileId) or {@code PUT .../winrt/update}. */
    ObjectNode profileBody(ProfileSpec spec) {
        ObjectNode body = mapper.createObjectNode();
        ObjectNode general = body.putObject(GENERAL);
        spec.profileId().ifPresent(id -> general.put("ProfileId", id));
        general.put("Name", spec.name());
        general.put("Description", spec.description());
        general.put("AssignmentType", ASSIGNMENT_TYPE);
        general.put("ManagedLocationGroupID", spec.organizationGroupId());
        general.put("IsActive", true);
        general.put("ProfileContext", PROFILE_CONTEXT);
        general.put("AllowRemoval", ALLOW_REMOVAL);
        groups(general.putArray("AssignedSmartGroups"), spec.assigned());
        groups(general.putArray("ExcludedSmartGroups"), spec.excluded());
        if (spec.profileId().isPresent()) {
            // Without it UEM saves only the assignments and drops every other change (ProfilesV2 update docs,
            // confirmed live in profiles_winrt_update.json); it is a member of General, not of the body.
            general.put("CreateNewVersion", true);
        }
        ObjectNode scep = body.putObject(SCEP);
        scep.put("certificateSource", CERTIFICATE_SOURCE);
        scep.put("certificateAuthorityId", spec.certificateAuthorityId());
        scep.put("certificateTemplateId", spec.certificateTemplateId());
        scep.put("scepKeyLocation", KEY_LOCATION);
        scep.put("storeLocation", STORE_LOCATION);
        return body;
    }

    private static void groups(ArrayNode into, List<SmartGroupRef> groups) {
        groups.forEach(g -> into.addObject().put("SmartGroupId", g.id()).put("Name", g.name()));
    }

    /** A profile as {@code GET /API/mdm/profiles/{id}} (version 2) answers it. */
    ReadProfile read(JsonNode profile) {
        JsonNode general = profile.path(GENERAL);
        JsonNode scep = profile.path(SCEP);
        Optional<ScepPayload> payload = scep.isObject()
                ? Optional.of(new ScepPayload(scep.path("certificateSource").asText(""), id(scep.path("certificateAuthorityId")),
                        id(scep.path("certificateTemplateId")), scep.path("scepKeyLocation").asText(""),
                        scep.path("storeLocation").asText("")))
                : Optional.empty();
        return new ReadProfile(id(general.path("ProfileId")), general.path("Name").asText(""),
                general.path("Description").asText(""), id(general.path("ManagedLocationGroupID")),
                general.path("IsActive").asBoolean(true), names(general.path("AssignedSmartGroups")),
                names(general.path("ExcludedSmartGroups")), payload);
    }

    private static List<String> names(JsonNode groups) {
        List<String> names = new ArrayList<>();
        groups.forEach(g -> names.add(g.path("Name").asText("")));
        return names;
    }

    /**
     * A hit of {@code GET /API/mdm/profiles/search} in version 1: {@code {"Id":{"Value":n},"ProfileName",...}}
     * inside {@code Profiles} (search_android_success.json). The v2 {@code ProfileList}/{@code ProfileId} shape is
     * read too, so a tenant that answers v2 is not silently seen as empty.
     */
    static SearchHit searchHit(JsonNode hit) {
        JsonNode id = hit.has("Id") ? hit.path("Id") : hit.path("ProfileId");
        return new SearchHit(id(id), hit.path("ProfileName").asText(""), hit.path("ProfileStatus").asText(""));
    }

    /**
     * The listing signature a kept read is stored under: {@code ["<ProfileName>","<ProfileStatus>"]}, the two
     * members a v1 and a v2 search hit both carry (search_android_success.json, profiles_search_v2.json) and a
     * write can know too. Smart groups are left out: only the v2 hit lists them. A JSON array, so no name can
     * make two signatures equal.
     */
    static String listing(String profileName, String profileStatus) {
        return JsonNodeFactory.instance.arrayNode().add(profileName).add(profileStatus).toString();
    }

    /**
     * The search's {@code ProfileStatus} of a profile whose {@code General.IsActive} is {@code active}.
     * UNCERTAIN: "Active" is what the captured v1 and v2 searches show of active profiles; "Inactive" is the
     * console's word for the other state, not seen in a capture. If a tenant answered otherwise, a profile
     * scephub wrote would be read once more on the next plan and then kept under what the search showed.
     */
    static String searchStatus(boolean active) {
        return active ? "Active" : "Inactive";
    }

    /**
     * A picklist: {@code [{"Key":"12","Description":"Okta ODA SCEP"}]}, or the same nested one level
     * ({@code [[...]]}) as some UEM versions answer. Any other shape is an error, never "no items": an
     * unread picklist would otherwise look like a missing certificate authority.
     */
    List<Named> picklist(JsonNode answer, String what) {
        if (!answer.isArray()) {
            throw unexpected(what);
        }
        List<Named> out = new ArrayList<>();
        for (JsonNode item : answer) {
            if (item.isArray()) {
                for (JsonNode inner : item) {
                    out.add(pick(inner, what));
                }
            } else {
                out.add(pick(item, what));
            }
        }
        return out;
    }

    private static Named pick(JsonNode item, String what) {
        JsonNode key = item.path("Key");
        long id = id(key);
        if (!item.isObject() || id == 0 || !item.path("Description").isTextual()) {
            throw unexpected(what);
        }
        return new Named(id, item.path("Description").asText());
    }

    private static VendorError unexpected(String what) {
        return new VendorError(WorkspaceOneErrors.VENDOR, 200, null, null, what + ": the picklist answer is not an array of "
                + "{\"Key\",\"Description\"} items (nor an array of such arrays)");
    }

    /** A smart group search hit ({@code SmartGroupID} in the v1 search, {@code SmartGroupId} in profiles). */
    static Named smartGroup(JsonNode hit) {
        return new Named(id(hit.has("SmartGroupID") ? hit.path("SmartGroupID") : hit.path("SmartGroupId")),
                hit.path("Name").asText(""));
    }

    /** UEM writes ids as numbers, strings or {@code {"Value": n}} depending on the endpoint. */
    static long id(JsonNode node) {
        JsonNode value = node.isObject() ? node.path("Value") : node;
        return value.isNumber() ? value.asLong() : value.isTextual() ? parse(value.asText()) : 0;
    }

    private static long parse(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
