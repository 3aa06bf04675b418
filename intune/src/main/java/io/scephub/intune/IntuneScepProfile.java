package io.scephub.intune;

import com.microsoft.graph.beta.models.AppleDeploymentChannel;
import com.microsoft.graph.beta.models.AppleSubjectNameFormat;
import com.microsoft.graph.beta.models.CertificateStore;
import com.microsoft.graph.beta.models.CertificateValidityPeriodScale;
import com.microsoft.graph.beta.models.CustomSubjectAlternativeName;
import com.microsoft.graph.beta.models.DeviceConfiguration;
import com.microsoft.graph.beta.models.Entity;
import com.microsoft.graph.beta.models.ExtendedKeyUsage;
import com.microsoft.graph.beta.models.HashAlgorithms;
import com.microsoft.graph.beta.models.KeySize;
import com.microsoft.graph.beta.models.KeyStorageProviderOption;
import com.microsoft.graph.beta.models.KeyUsages;
import com.microsoft.graph.beta.models.MacOSScepCertificateProfile;
import com.microsoft.graph.beta.models.SubjectAlternativeNameType;
import com.microsoft.graph.beta.models.SubjectNameFormat;
import com.microsoft.graph.beta.models.Windows81SCEPCertificateProfile;
import com.microsoft.kiota.serialization.ValuedEnum;
import com.microsoft.kiota.store.BackingStore;
import io.scephub.core.contract.ScepConfiguration;
import io.scephub.core.contract.ScepOutput;
import io.scephub.core.model.CertificateSpec;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.Platform;
import io.scephub.core.resource.DatedMarker;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.resource.OwnershipMarker;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code intune.scep-profile/<enrollment>}: the SCEP certificate profile that makes devices enrol
 * with Okta's SCEP URL and chain to the trusted-root profile. Attribute names are Graph's property
 * names, plus {@code platform} and {@code rootCertificate} (the trusted root's id).
 */
final class IntuneScepProfile {

    static final String KIND = "intune.scep-profile";

    static final String PLATFORM = "platform";
    static final String DISPLAY_NAME = "displayName";
    static final String DESCRIPTION = "description";
    static final String ROOT_CERTIFICATE = "rootCertificate";
    static final String SCEP_SERVER_URLS = "scepServerUrls";
    static final String SUBJECT_NAME_FORMAT = "subjectNameFormat";
    static final String SUBJECT_NAME_FORMAT_STRING = "subjectNameFormatString";
    static final String CUSTOM_SANS = "customSubjectAlternativeNames";
    static final String KEY_USAGE = "keyUsage";
    static final String KEY_SIZE = "keySize";
    static final String HASH_ALGORITHM = "hashAlgorithm";
    static final String VALIDITY_VALUE = "certificateValidityPeriodValue";
    static final String VALIDITY_SCALE = "certificateValidityPeriodScale";
    static final String RENEWAL_THRESHOLD = "renewalThresholdPercentage";
    static final String EXTENDED_KEY_USAGES = "extendedKeyUsages";
    static final String CERTIFICATE_STORE = "certificateStore";
    static final String KEY_STORAGE_PROVIDER = "keyStorageProvider";
    static final String DEPLOYMENT_CHANNEL = "deploymentChannel";
    /**
     * The settings whose change makes each device holding the profile's certificate enrol for a new one. Subject,
     * SAN, validity and EKU: SCEPman's re-enrollment trigger table; key usage, key size, hash, store, key storage
     * provider, SCEP URL and root: device-visible too, unverified (the sandbox re-issues on them). Name,
     * description and the renewal threshold re-issue nothing.
     */
    static final Set<String> REISSUING = Set.of(SUBJECT_NAME_FORMAT, SUBJECT_NAME_FORMAT_STRING, CUSTOM_SANS, VALIDITY_VALUE,
            VALIDITY_SCALE, EXTENDED_KEY_USAGES, KEY_USAGE, KEY_SIZE, HASH_ALGORITHM, CERTIFICATE_STORE, KEY_STORAGE_PROVIDER,
            SCEP_SERVER_URLS, ROOT_CERTIFICATE);

    private IntuneScepProfile() {
    }

    static ResourceKey key(String enrollment) {
        return new ResourceKey(KIND, enrollment);
    }

    static Resource desired(EnrollmentSpec enrollment) {
        String name = enrollment.name();
        CertificateSpec certificate = enrollment.certificate();
        String where = "enrollment " + name + ": ";
        IntuneVocabulary.Validity validity = IntuneVocabulary.validity(certificate.validity())
                .orElseThrow(() -> new IllegalArgumentException(where + "validity " + certificate.validity() + " has no Intune equivalent"));
        Resource.Builder builder = Resource.builder(key(name), IntuneConnectorProvider.ID)
                .attribute(PLATFORM, enrollment.platform().configName())
                .attribute(DISPLAY_NAME, "Okta Device Access SCEP (" + name + ")")
                .attribute(DESCRIPTION, IntuneResources.description(name, "the device certificate for Okta Device Access"))
                .attribute(ROOT_CERTIFICATE, new OutputRef(IntuneTrustedRoot.key(name), "id"))
                .attribute(SCEP_SERVER_URLS, List.of(ScepConfiguration.ref(name, ScepOutput.SCEP_URL)))
                .attribute(SUBJECT_NAME_FORMAT, "custom")
                .attribute(SUBJECT_NAME_FORMAT_STRING, certificate.subject())
                .attribute(CUSTOM_SANS, sans(certificate))
                .attribute(KEY_USAGE, IntuneVocabulary.keyUsage(certificate.keyUsage()))
                .attribute(KEY_SIZE, IntuneVocabulary.keySize(certificate.keySize())
                        .orElseThrow(() -> new IllegalArgumentException(where + "keySize " + certificate.keySize() + " is not 1024, 2048 or 4096")))
                .attribute(HASH_ALGORITHM, IntuneVocabulary.hashAlgorithm(certificate.hashAlgorithm())
                        .orElseThrow(() -> new IllegalArgumentException(where + "hashAlgorithm " + certificate.hashAlgorithm() + " has no Intune equivalent")))
                .attribute(VALIDITY_VALUE, validity.value())
                .attribute(VALIDITY_SCALE, validity.scale())
                .attribute(RENEWAL_THRESHOLD, IntuneVocabulary.renewalThreshold(certificate))
                .attribute(EXTENDED_KEY_USAGES, IntuneVocabulary.extendedKeyUsages(certificate).stream()
                        .map(eku -> Map.<String, Object>of("name", eku.name(), "objectIdentifier", eku.oid()))
                        .toList())
                // Okta Device Access identifies the device, not the user: the certificate belongs in the machine store.
                .attribute(CERTIFICATE_STORE, "machine")
                .replaceOn(PLATFORM);
        switch (enrollment.platform()) {
            case WINDOWS -> builder.attribute(KEY_STORAGE_PROVIDER, "useTpmKspOtherwiseUseSoftwareKsp");
            case MACOS -> builder.attribute(DEPLOYMENT_CHANNEL, "deviceChannel");
        }
        return builder.build();
    }

    private static List<Map<String, Object>> sans(CertificateSpec certificate) {
        if (certificate.subjectAlternativeNames().isEmpty()) {
            return null;
        }
        return certificate.subjectAlternativeNames().stream()
                .map(san -> Map.<String, Object>of("sanType", IntuneVocabulary.sanType(san.type()), "name", san.value()))
                .toList();
    }

    /**
     * A Graph object carrying only {@code properties} of {@code attributes} (all of them on create,
     * the changed ones on update). {@code rootCertificate} is never a property: it is a link, bound
     * on create and moved through {@code $ref}.
     */
    static DeviceConfiguration toGraph(Platform platform, ResourceKey key, Map<String, Object> attributes, Set<String> properties) {
        Values v = new Values(attributes, properties);
        DeviceConfiguration profile = switch (platform) {
            case WINDOWS -> {
                Windows81SCEPCertificateProfile p = new Windows81SCEPCertificateProfile();
                v.string(SUBJECT_NAME_FORMAT).ifPresent(x -> p.setSubjectNameFormat(GraphEnums.parse(SubjectNameFormat.class, x)));
                v.string(KEY_STORAGE_PROVIDER).ifPresent(x -> p.setKeyStorageProvider(GraphEnums.parse(KeyStorageProviderOption.class, x)));
                yield p;
            }
            case MACOS -> {
                MacOSScepCertificateProfile p = new MacOSScepCertificateProfile();
                // macOS takes the smaller appleSubjectNameFormat set; "custom" is in both.
                v.string(SUBJECT_NAME_FORMAT).ifPresent(x -> p.setSubjectNameFormat(GraphEnums.parse(AppleSubjectNameFormat.class, x)));
                v.string(DEPLOYMENT_CHANNEL).ifPresent(x -> p.setDeploymentChannel(GraphEnums.parse(AppleDeploymentChannel.class, x)));
                yield p;
            }
        };
        IntuneTrustedRoot.common(profile, key, attributes, properties);
        writeShared(profile.getBackingStore(), v);
        return profile;
    }

    /*
     * The settings both platforms' SCEP types carry under the same Graph property names. The SDK gives the two types
     * no common interface, but each generated setter and getter is its model's backing store under the property
     * name (the attribute names here), so they are written and read once, through the store.
     */

    private static void writeShared(BackingStore store, Values v) {
        if (v.has(SCEP_SERVER_URLS)) {
            store.set(SCEP_SERVER_URLS, urls(v.attributes()));
        }
        v.string(SUBJECT_NAME_FORMAT_STRING).ifPresent(x -> store.set(SUBJECT_NAME_FORMAT_STRING, x));
        if (v.properties().contains(CUSTOM_SANS)) {
            store.set(CUSTOM_SANS, customSans(v.attributes()));
        }
        v.string(KEY_USAGE).ifPresent(x -> store.set(KEY_USAGE, GraphEnums.parseFlags(KeyUsages.class, x)));
        v.string(KEY_SIZE).ifPresent(x -> store.set(KEY_SIZE, GraphEnums.parse(KeySize.class, x)));
        v.string(HASH_ALGORITHM).ifPresent(x -> store.set(HASH_ALGORITHM, GraphEnums.parseFlags(HashAlgorithms.class, x)));
        v.integer(VALIDITY_VALUE).ifPresent(x -> store.set(VALIDITY_VALUE, x));
        v.string(VALIDITY_SCALE).ifPresent(x -> store.set(VALIDITY_SCALE, GraphEnums.parse(CertificateValidityPeriodScale.class, x)));
        v.integer(RENEWAL_THRESHOLD).ifPresent(x -> store.set(RENEWAL_THRESHOLD, x));
        if (v.properties().contains(EXTENDED_KEY_USAGES)) {
            store.set(EXTENDED_KEY_USAGES, extendedKeyUsages(v.attributes()));
        }
        v.string(CERTIFICATE_STORE).ifPresent(x -> store.set(CERTIFICATE_STORE, GraphEnums.parse(CertificateStore.class, x)));
    }

    private static void readShared(BackingStore store, Map<String, Object> out) {
        Entity root = store.get(ROOT_CERTIFICATE);
        out.put(ROOT_CERTIFICATE, root == null ? null : root.getId());
        out.put(SCEP_SERVER_URLS, store.get(SCEP_SERVER_URLS));
        out.put(SUBJECT_NAME_FORMAT, GraphEnums.value(store.<ValuedEnum>get(SUBJECT_NAME_FORMAT)));
        out.put(SUBJECT_NAME_FORMAT_STRING, store.get(SUBJECT_NAME_FORMAT_STRING));
        out.put(CUSTOM_SANS, readSans(store.get(CUSTOM_SANS)));
        out.put(KEY_USAGE, GraphEnums.flags(store.<EnumSet<KeyUsages>>get(KEY_USAGE)));
        out.put(KEY_SIZE, GraphEnums.value(store.<KeySize>get(KEY_SIZE)));
        out.put(HASH_ALGORITHM, GraphEnums.flags(store.<EnumSet<HashAlgorithms>>get(HASH_ALGORITHM)));
        out.put(VALIDITY_VALUE, asLong(store.get(VALIDITY_VALUE)));
        out.put(VALIDITY_SCALE, GraphEnums.value(store.<CertificateValidityPeriodScale>get(VALIDITY_SCALE)));
        out.put(RENEWAL_THRESHOLD, asLong(store.get(RENEWAL_THRESHOLD)));
        out.put(EXTENDED_KEY_USAGES, readEkus(store.get(EXTENDED_KEY_USAGES)));
        out.put(CERTIFICATE_STORE, GraphEnums.value(store.<CertificateStore>get(CERTIFICATE_STORE)));
    }

    /** The attributes of a SCEP profile read with {@code $expand=rootCertificate}, in the desired resource's terms. */
    static Map<String, Object> attributes(DeviceConfiguration configuration, Platform platform) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(PLATFORM, platform.configName());
        out.put(DISPLAY_NAME, configuration.getDisplayName());
        out.put(DESCRIPTION, DatedMarker.REDISTRIBUTED.strip(OwnershipMarker.strip(configuration.getDescription())).stripTrailing());
        if (configuration instanceof Windows81SCEPCertificateProfile p) {
            readShared(p.getBackingStore(), out);
            out.put(KEY_STORAGE_PROVIDER, GraphEnums.value(p.getKeyStorageProvider()));
        } else if (configuration instanceof MacOSScepCertificateProfile p) {
            readShared(p.getBackingStore(), out);
            out.put(DEPLOYMENT_CHANNEL, GraphEnums.value(p.getDeploymentChannel()));
        }
        return out;
    }

    private static List<String> urls(Map<String, Object> attributes) {
        List<String> urls = new ArrayList<>();
        if (attributes.get(SCEP_SERVER_URLS) instanceof List<?> list) {
            for (Object url : list) {
                if (!(url instanceof String s)) {
                    throw new IllegalStateException(SCEP_SERVER_URLS + " was not resolved from the Okta SCEP configuration (got " + url + ")");
                }
                urls.add(s);
            }
        }
        return urls;
    }

    private static List<CustomSubjectAlternativeName> customSans(Map<String, Object> attributes) {
        List<CustomSubjectAlternativeName> out = new ArrayList<>();
        if (attributes.get(CUSTOM_SANS) instanceof List<?> list) {
            for (Object item : list) {
                Map<?, ?> san = (Map<?, ?>) item;
                CustomSubjectAlternativeName graphSan = new CustomSubjectAlternativeName();
                graphSan.setSanType(GraphEnums.parseFlags(SubjectAlternativeNameType.class, (String) san.get("sanType")));
                graphSan.setName((String) san.get("name"));
                out.add(graphSan);
            }
        }
        return out;
    }

    private static List<ExtendedKeyUsage> extendedKeyUsages(Map<String, Object> attributes) {
        List<ExtendedKeyUsage> out = new ArrayList<>();
        if (attributes.get(EXTENDED_KEY_USAGES) instanceof List<?> list) {
            for (Object item : list) {
                Map<?, ?> eku = (Map<?, ?>) item;
                ExtendedKeyUsage graphEku = new ExtendedKeyUsage();
                graphEku.setName((String) eku.get("name"));
                graphEku.setObjectIdentifier((String) eku.get("objectIdentifier"));
                out.add(graphEku);
            }
        }
        return out;
    }

    private static List<Map<String, Object>> readSans(List<CustomSubjectAlternativeName> sans) {
        if (sans == null || sans.isEmpty()) {
            return null;
        }
        return sans.stream()
                .map(s -> Map.<String, Object>of("sanType", String.valueOf(GraphEnums.flags(s.getSanType())), "name", String.valueOf(s.getName())))
                .toList();
    }

    private static List<Map<String, Object>> readEkus(List<ExtendedKeyUsage> ekus) {
        if (ekus == null || ekus.isEmpty()) {
            return null;
        }
        return ekus.stream()
                .map(e -> Map.<String, Object>of("name", String.valueOf(e.getName()), "objectIdentifier", String.valueOf(e.getObjectIdentifier())))
                .toList();
    }

    private static Long asLong(Integer value) {
        return value == null ? null : value.longValue();
    }

    /** Reads the selected attributes with the types the Graph setters want. */
    private record Values(Map<String, Object> attributes, Set<String> properties) {
        boolean has(String name) {
            return properties.contains(name) && attributes.get(name) != null;
        }

        Optional<String> string(String name) {
            return has(name) ? Optional.of(String.valueOf(attributes.get(name))) : Optional.empty();
        }

        Optional<Integer> integer(String name) {
            if (!properties.contains(name) || !(attributes.get(name) instanceof Number n)) {
                return Optional.empty();
            }
            return Optional.of(Math.toIntExact(n.longValue()));
        }
    }
}
