package io.scephub.workspaceone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place that knows UEM's JSON for a Windows Desktop profile with a Credentials payload, the
 * enum strings it takes, and the shapes of the picklists. None of this was tried against a live
 * tenant (VENDOR-APIS.md); the points marked UNCERTAIN are what to confirm first, and a change at
 * the vendor is a change here only. The workspaceone README says how to check them on a tenant.
 */
final class WorkspaceOnePayloads {
    /** UNCERTAIN: value of the windowspccredentialsource picklist for "Defined Certificate Authority". */
    static final String CERTIFICATE_SOURCE = "DefinedCertificateAuthority";
    /** UNCERTAIN: private key in the TPM when the device has one (Okta ODA wants a non-exportable key). */
    static final String KEY_LOCATION = "TPMIfPresent";
    /** UNCERTAIN: value of windowspccredentialstorelocation for the machine (device) store. */
    static final String STORE_LOCATION = "Machine";
    /** UNCERTAIN: value of windowspccredentialcertificatestore for the Personal ("My") store. */
    static final String CERTIFICATE_STORE = "Personal";
    static final String ASSIGNMENT_TYPE = "Auto";
    /** Okta Device Access needs a device certificate, so the profile is device-context. */
    static final String PROFILE_CONTEXT = "Device";
    /** UNCERTAIN: whether Credentials is an array of payloads (assumed, as in the v2 Apple models) or one object. */
    static final String CREDENTIALS = "Credentials";
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

    /** A credential payload as read back. */
    record Credential(String source, long certificateAuthorityId, long certificateTemplateId, String keyLocation,
                      String storeLocation, String certificateStore) {
    }

    /** A profile as read back. */
    record ReadProfile(long id, String name, String description, long organizationGroupId, boolean active,
                       List<String> assigned, List<String> excluded, Optional<Credential> credential) {
    }

    private final ObjectMapper mapper;

    WorkspaceOnePayloads(ObjectMapper mapper) {
        this.mapper = mapper;
    }

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
        // Removing the certificate would lock the user out of Okta Device Access.
        general.put("AllowRemoval", false);
        groups(general.putArray("AssignedSmartGroups"), spec.assigned());
        groups(general.putArray("ExcludedSmartGroups"), spec.excluded());
        ObjectNode credential = body.putArray(CREDENTIALS).addObject();
        credential.put("certificateSource", CERTIFICATE_SOURCE);
        credential.put("certificateAuthorityId", spec.certificateAuthorityId());
        credential.put("certificateTemplateId", spec.certificateTemplateId());
        credential.put("keyLocation", KEY_LOCATION);
        credential.put("storeLocation", STORE_LOCATION);
        credential.put("certificateStore", CERTIFICATE_STORE);
        if (spec.profileId().isPresent()) {
            // A new version makes UEM push the changed profile to devices that already have it.
            body.put("CreateNewVersion", true);
        }
        return body;
    }

    private static void groups(ArrayNode into, List<SmartGroupRef> groups) {
        groups.forEach(g -> into.addObject().put("SmartGroupId", g.id()).put("Name", g.name()));
    }

    ReadProfile read(JsonNode profile) {
        JsonNode general = profile.path(GENERAL);
        JsonNode credentials = profile.path(CREDENTIALS);
        JsonNode first = credentials.isArray() ? credentials.path(0) : credentials;
        Optional<Credential> credential = first.isObject()
                ? Optional.of(new Credential(first.path("certificateSource").asText(""), id(first.path("certificateAuthorityId")),
                        id(first.path("certificateTemplateId")), first.path("keyLocation").asText(""),
                        first.path("storeLocation").asText(""), first.path("certificateStore").asText("")))
                : Optional.empty();
        return new ReadProfile(id(general.path("ProfileId")), general.path("Name").asText(""),
                general.path("Description").asText(""), id(general.path("ManagedLocationGroupID")),
                general.path("IsActive").asBoolean(true), names(general.path("AssignedSmartGroups")),
                names(general.path("ExcludedSmartGroups")), credential);
    }

    private static List<String> names(JsonNode groups) {
        List<String> names = new ArrayList<>();
        groups.forEach(g -> names.add(g.path("Name").asText("")));
        return names;
    }

    /**
     * UNCERTAIN: the picklists' shape. Read as a JSON array of {@code {"Id","Name"}}, or an object
     * holding one such array; ids as numbers or UEM's {@code {"Value": n}}.
     */
    List<Named> picklist(JsonNode answer) {
        JsonNode items = answer;
        if (answer.isObject()) {
            items = mapper.createArrayNode();
            for (JsonNode member : answer) {
                if (member.isArray()) {
                    items = member;
                    break;
                }
            }
        }
        List<Named> out = new ArrayList<>();
        for (JsonNode item : items) {
            out.add(new Named(id(item.path("Id")), item.path("Name").asText("")));
        }
        return out;
    }

    /** A smart group search hit. */
    static Named smartGroup(JsonNode hit) {
        return new Named(id(hit.path("SmartGroupID").isMissingNode() ? hit.path("SmartGroupId") : hit.path("SmartGroupID")),
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
