package io.scephub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Graph beta types the sandbox accepts, read from graph-beta-intune.json (Microsoft's published
 * metadata), plus the property-to-enum mapping that file leaves implicit.
 */
final class GraphSchema {

    static final List<String> SIMULATED_TYPES = List.of("windows81TrustedRootCertificate",
            "macOSTrustedRootCertificate", "windows81SCEPCertificateProfile", "macOSScepCertificateProfile");
    static final Set<String> READ_ONLY = Set.of("id", "createdDateTime", "lastModifiedDateTime", "version",
            "supportsScopeTags");
    static final Set<String> FLAG_ENUMS = Set.of("keyUsages", "hashAlgorithms", "subjectAlternativeNameType");
    static final Set<String> COLLECTIONS = Set.of("customSubjectAlternativeNames", "extendedKeyUsages",
            "roleScopeTagIds", "scepServerUrls");
    static final Set<String> INTEGERS = Set.of("certificateValidityPeriodValue", "renewalThresholdPercentage");
    static final Set<String> BOOLEANS = Set.of("allowAllAppsAccess");
    static final Set<String> OPEN_OBJECTS = Set.of("deviceManagementApplicabilityRuleDeviceMode",
            "deviceManagementApplicabilityRuleOsEdition", "deviceManagementApplicabilityRuleOsVersion");

    private static final Map<String, String> ENUM_OF_PROPERTY = Map.of(
            "keySize", "keySize",
            "hashAlgorithm", "hashAlgorithms",
            "certificateValidityPeriodScale", "certificateValidityPeriodScale",
            "subjectNameFormat", "subjectNameFormat",
            "subjectAlternativeNameType", "subjectAlternativeNameType",
            "keyUsage", "keyUsages",
            "certificateStore", "certificateStore",
            "keyStorageProvider", "keyStorageProviderOption",
            "deploymentChannel", "appleDeploymentChannel",
            "destinationStore", "certificateDestinationStore");

    private final JsonNode document;

    private GraphSchema(JsonNode document) {
        this.document = document;
    }

    static GraphSchema load(ObjectMapper json) {
        try (InputStream in = GraphSchema.class.getResourceAsStream("/graph-beta-intune.json")) {
            if (in == null) {
                throw new IllegalStateException("graph-beta-intune.json is missing from the sandbox jar");
            }
            return new GraphSchema(json.readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException("graph-beta-intune.json could not be read", e);
        }
    }

    List<String> properties(String type) {
        return strings(document.path("entityTypes").path(type).path("properties"));
    }

    List<String> navigationProperties(String type) {
        return strings(document.path("entityTypes").path(type).path("navigationProperties"));
    }

    List<String> complexType(String name) {
        return strings(document.path("complexTypes").path(name));
    }

    Set<String> enumValues(String enumName) {
        return new LinkedHashSet<>(strings(document.path("enums").path(enumName)));
    }

    /** The enum a property of a type takes; macOS SCEP takes the smaller Apple subject-name set. */
    Optional<String> enumOf(String type, String property) {
        if (property.equals("subjectNameFormat") && type.equals("macOSScepCertificateProfile")) {
            return Optional.of("appleSubjectNameFormat");
        }
        return Optional.ofNullable(ENUM_OF_PROPERTY.get(property));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
