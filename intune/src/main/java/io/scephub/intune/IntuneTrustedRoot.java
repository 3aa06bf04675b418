package io.scephub.intune;

import com.microsoft.graph.beta.models.AppleDeploymentChannel;
import com.microsoft.graph.beta.models.CertificateDestinationStore;
import com.microsoft.graph.beta.models.DeviceConfiguration;
import com.microsoft.graph.beta.models.MacOSTrustedRootCertificate;
import com.microsoft.graph.beta.models.Windows81TrustedRootCertificate;
import io.scephub.core.contract.ScepConfiguration;
import io.scephub.core.contract.ScepOutput;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.Platform;
import io.scephub.core.resource.OwnershipMarker;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code intune.trusted-root/<enrollment>}: the trusted-certificate profile that installs the Okta
 * (or custom) root on the devices, so the SCEP profile can chain to it. Attribute names are
 * Graph's property names, plus {@code platform}.
 */
final class IntuneTrustedRoot {

    static final String KIND = "intune.trusted-root";
    static final String DEFAULT_FILE_NAME = "okta-device-access-root.cer";

    static final String PLATFORM = "platform";
    static final String DISPLAY_NAME = "displayName";
    static final String DESCRIPTION = "description";
    static final String CERTIFICATE = "trustedRootCertificate";
    static final String FILE_NAME = "certFileName";
    static final String DESTINATION_STORE = "destinationStore";
    static final String DEPLOYMENT_CHANNEL = "deploymentChannel";

    private IntuneTrustedRoot() {
    }

    static ResourceKey key(String enrollment) {
        return new ResourceKey(KIND, enrollment);
    }

    static Resource desired(EnrollmentSpec enrollment) {
        Resource.Builder builder = Resource.builder(key(enrollment.name()), IntuneConnectorProvider.ID)
                .attribute(PLATFORM, enrollment.platform().configName())
                .attribute(DISPLAY_NAME, "Okta Device Access root CA (" + enrollment.name() + ")")
                .attribute(DESCRIPTION, IntuneResources.description(enrollment.name(), "the root certificate Okta Device Access SCEP certificates chain to"))
                .attribute(CERTIFICATE, ScepConfiguration.ref(enrollment.name(), ScepOutput.CA_CERTIFICATE))
                .attribute(FILE_NAME, ScepConfiguration.ref(enrollment.name(), ScepOutput.CA_CERTIFICATE_FILE_NAME))
                .replaceOn(PLATFORM);
        switch (enrollment.platform()) {
            // The device certificate lives in the machine store, so its root must be trusted machine-wide.
            case WINDOWS -> builder.attribute(DESTINATION_STORE, "computerCertStoreRoot");
            // Device channel puts the root in the System keychain, next to the device-channel SCEP identity.
            case MACOS -> builder.attribute(DEPLOYMENT_CHANNEL, "deviceChannel");
        }
        return builder.build();
    }

    /** A Graph object carrying {@code properties} of {@code attributes}; the description gets the ownership marker. */
    static DeviceConfiguration toGraph(Platform platform, ResourceKey key, Map<String, Object> attributes, Set<String> properties) {
        return switch (platform) {
            case WINDOWS -> {
                Windows81TrustedRootCertificate root = new Windows81TrustedRootCertificate();
                common(root, key, attributes, properties);
                if (properties.contains(CERTIFICATE)) {
                    root.setTrustedRootCertificate(certificate(attributes));
                }
                if (properties.contains(FILE_NAME)) {
                    root.setCertFileName(fileName(attributes));
                }
                if (properties.contains(DESTINATION_STORE) && attributes.get(DESTINATION_STORE) != null) {
                    root.setDestinationStore(GraphEnums.parse(CertificateDestinationStore.class, (String) attributes.get(DESTINATION_STORE)));
                }
                yield root;
            }
            case MACOS -> {
                MacOSTrustedRootCertificate root = new MacOSTrustedRootCertificate();
                common(root, key, attributes, properties);
                if (properties.contains(CERTIFICATE)) {
                    root.setTrustedRootCertificate(certificate(attributes));
                }
                if (properties.contains(FILE_NAME)) {
                    root.setCertFileName(fileName(attributes));
                }
                if (properties.contains(DEPLOYMENT_CHANNEL) && attributes.get(DEPLOYMENT_CHANNEL) != null) {
                    root.setDeploymentChannel(GraphEnums.parse(AppleDeploymentChannel.class, (String) attributes.get(DEPLOYMENT_CHANNEL)));
                }
                yield root;
            }
        };
    }

    /** The attributes of a trusted-root profile as read, in the desired resource's terms. */
    static Map<String, Object> attributes(DeviceConfiguration configuration, Platform platform) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(PLATFORM, platform.configName());
        out.put(DISPLAY_NAME, configuration.getDisplayName());
        out.put(DESCRIPTION, OwnershipMarker.strip(configuration.getDescription()));
        if (configuration instanceof Windows81TrustedRootCertificate windows) {
            out.put(CERTIFICATE, encode(windows.getTrustedRootCertificate()));
            out.put(FILE_NAME, windows.getCertFileName());
            out.put(DESTINATION_STORE, GraphEnums.value(windows.getDestinationStore()));
        } else if (configuration instanceof MacOSTrustedRootCertificate mac) {
            out.put(CERTIFICATE, encode(mac.getTrustedRootCertificate()));
            out.put(FILE_NAME, mac.getCertFileName());
            out.put(DEPLOYMENT_CHANNEL, GraphEnums.value(mac.getDeploymentChannel()));
        }
        return out;
    }

    static void common(DeviceConfiguration target, ResourceKey key, Map<String, Object> attributes, Set<String> properties) {
        if (properties.contains(DISPLAY_NAME)) {
            target.setDisplayName((String) attributes.get(DISPLAY_NAME));
        }
        if (properties.contains(DESCRIPTION)) {
            target.setDescription(OwnershipMarker.append((String) attributes.get(DESCRIPTION), key));
        }
    }

    private static byte[] certificate(Map<String, Object> attributes) {
        Object value = attributes.get(CERTIFICATE);
        if (!(value instanceof String base64) || base64.isBlank()) {
            throw new IllegalStateException(CERTIFICATE + " was not resolved from the Okta SCEP configuration (got " + value + ")");
        }
        return Base64.getMimeDecoder().decode(base64);
    }

    /** Okta's file name when it gave one; otherwise a fixed name (Intune only shows it). */
    private static String fileName(Map<String, Object> attributes) {
        return attributes.get(FILE_NAME) instanceof String name && !name.isBlank() ? name : DEFAULT_FILE_NAME;
    }

    private static String encode(byte[] der) {
        return der == null ? null : Base64.getEncoder().encodeToString(der);
    }
}
