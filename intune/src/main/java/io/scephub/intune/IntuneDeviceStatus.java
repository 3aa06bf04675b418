package io.scephub.intune;

import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.core.check.DeliveryState;
import io.scephub.core.devices.CertificateState;
import io.scephub.core.devices.DeviceStatus;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.Platform;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.text.OffsetInstants;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Per-device status of an Intune SCEP profile: the profile's {@code deviceStatuses} (delivery,
 * complianceStatus words) joined on {@code deviceDisplayName} with its
 * {@code managedDeviceCertificateStates} (issuance state, expiry, thumbprint, serial, error code).
 * Graph names the device by display name only in both lists, so that is the join key (as in triage).
 * Of several certificate states of one device the one expiring last that is still on it wins.
 */
final class IntuneDeviceStatus {
    /** Issuance states of a certificate that is no longer on the device (Graph beta enum certificateIssuanceStates). */
    static final Set<String> GONE = Set.of("revoked", "deleted", "removedFromCollection");
    /** Issuance states that mean the device holds the certificate. */
    private static final Set<String> HELD = Set.of("issued", "installed", "enrollmentSucceeded", "renewVerified",
            "challengeValidationSucceeded");
    private static final Set<String> FAILED = Set.of("challengeIssueFailed", "challengeValidationFailed", "deleteFailed",
            "installFailed", "issueFailed", "requestCreationFailed", "requestSubmitFailed", "responseProcessingFailed");

    private final IntuneGraph graph;

    IntuneDeviceStatus(IntuneGraph graph) {
        this.graph = graph;
    }

    /*
     * What the join keeps of each list until both are read: only what a row shows (100,000 devices are held twice), the
     * vendor's words as one shared String each.
     */
    private record Delivery(String name, String status, Optional<Instant> lastReported) {
    }

    private record Held(String name, CertificateState certificate, Optional<Instant> changed) {
    }

    /** Graph's complianceStatus and certificateIssuanceState words this class knows, each as one String. */
    private static final Map<String, String> WORDS = words();

    private static Map<String, String> words() {
        Map<String, String> words = new HashMap<>();
        java.util.stream.Stream.of(GONE, HELD, FAILED).flatMap(Set::stream).forEach(w -> words.put(w, w));
        for (com.microsoft.graph.beta.models.ComplianceStatus status : com.microsoft.graph.beta.models.ComplianceStatus.values()) {
            words.put(status.getValue(), status.getValue());
        }
        return Map.copyOf(words);
    }

    /** {@code value}, as the one String {@link #WORDS} holds for it when it is a known word. */
    private static String word(String value) {
        return WORDS.getOrDefault(value, value);
    }

    /**
     * @param versions the ids of the profile's renewal versions ({@link IntuneWaves}): a device re-enrolled in a wave reports
     *                 there, and its newest certificate is the one shown
     */
    void deviceStatuses(EnrollmentSpec enrollment, ActualResource profile, List<String> versions, Consumer<DeviceStatus> sink) {
        List<String> ids = new java.util.ArrayList<>(List.of(profile.vendorId()));
        ids.addAll(versions);
        Map<String, Delivery> deliveries = new LinkedHashMap<>();
        Map<String, Held> certificates = new HashMap<>();
        for (String id : ids) {
            read(id, profile, deliveries, certificates);
        }
        emit(enrollment, deliveries, certificates, sink);
    }

    private void read(String profileId, ActualResource profile, Map<String, Delivery> deliveries, Map<String, Held> certificates) {
        // The two lists are independent chains of nextLinks: the certificate states are read on a second thread
        // meanwhile (two requests in flight, well within Graph's 1,000 per 20 s); only that thread touches
        // certificates until the join.
        CompletableFuture<Void> states = CompletableFuture.runAsync(() -> certificates(profileId, profile, certificates), runnable -> {
            Thread reader = new Thread(runnable, "intune-certificate-states");
            reader.setDaemon(true);
            reader.start();
        });
        RuntimeException failed = null;
        try {
            deliveries(profileId, deliveries);
        } catch (RuntimeException e) {
            failed = e;
        }
        try {
            states.join();
        } catch (CompletionException e) {
            RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
            if (failed == null) {
                failed = cause;
            } else {
                failed.addSuppressed(cause);
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private void deliveries(String profileId, Map<String, Delivery> deliveries) {
        graph.deviceStatusesJson(profileId, (JsonNode s) -> {
            String name = s.path("deviceDisplayName").textValue();
            if (name == null) {
                return;
            }
            Delivery d = new Delivery(name, word(s.path("status").asText("unknown")), instant(s, "lastReportedDateTime"));
            deliveries.merge(key(d.name()), d, (a, b) -> later(a.lastReported(), b.lastReported()) ? a : b);
        });
    }

    /** The certificate held per device name (of several, the one expiring last that is still on the device). */
    private void certificates(String profileId, ActualResource profile, Map<String, Held> certificates) {
        graph.certificateStates(profileId, platform(profile), (JsonNode state) -> {
            String issuance = state.path("certificateIssuanceState").asText("");
            String name = state.path("deviceDisplayName").asText("");
            if (name.isBlank() || GONE.contains(issuance)) {
                return;
            }
            CertificateState certificate = new CertificateState(text(state, "certificateIssuanceState").map(IntuneDeviceStatus::word),
                    instant(state, "certificateIssuanceDateTime"), instant(state, "certificateExpirationDateTime"),
                    text(state, "certificateThumbprint"), text(state, "certificateSerialNumber"), errorCode(state));
            Held held = new Held(name, certificate, instant(state, "lastCertificateStateChangeDateTime"));
            certificates.merge(key(name), held, (a, b) -> later(a.certificate().expiresAt(), b.certificate().expiresAt()) ? a : b);
        });
    }

    private static void emit(EnrollmentSpec enrollment, Map<String, Delivery> deliveries, Map<String, Held> certificates,
                             Consumer<DeviceStatus> sink) {
        for (Delivery d : deliveries.values()) {
            Held held = certificates.remove(key(d.name()));
            DeliveryState state = IntuneDeviceTriage.state(com.microsoft.graph.beta.models.ComplianceStatus.forValue(d.status()));
            if (held != null && held.certificate().vendorState().map(FAILED::contains).orElse(false)) {
                state = DeliveryState.FAILED;
            }
            // The device's name is its id here: it is the one key Intune's lists share, and the renewal rings push by it.
            sink.accept(new DeviceStatus(enrollment.name(), IntuneConnectorProvider.ID, d.name(), d.name(), Optional.empty(), state,
                    d.status(), d.lastReported(), Optional.ofNullable(held).map(Held::certificate), ""));
        }
        // Certificates of devices Intune lists no delivery status for (yet): their issuance state says it all.
        for (Held held : certificates.values()) {
            String issuance = held.certificate().vendorState().orElse("unknown");
            DeliveryState state = HELD.contains(issuance) ? DeliveryState.INSTALLED
                    : FAILED.contains(issuance) ? DeliveryState.FAILED : DeliveryState.PENDING;
            sink.accept(new DeviceStatus(enrollment.name(), IntuneConnectorProvider.ID, held.name(), held.name(), Optional.empty(),
                    state, "no status", held.changed(), Optional.of(held.certificate()), ""));
        }
    }

    private static String key(String deviceName) {
        return deviceName.toLowerCase(Locale.ROOT);
    }

    /** True when {@code a} is at least as late as {@code b} (an unknown time is earliest). */
    private static boolean later(Optional<Instant> a, Optional<Instant> b) {
        return b.isEmpty() || (a.isPresent() && !a.get().isBefore(b.get()));
    }

    /** {@code certificateErrorCode} is an Int32 in the beta metadata; 0 means no error. */
    private static Optional<String> errorCode(JsonNode state) {
        JsonNode code = state.path("certificateErrorCode");
        if (code.isMissingNode() || code.isNull() || code.asText("").isBlank() || code.asText().equals("0")) {
            return Optional.empty();
        }
        return Optional.of(code.asText());
    }

    static Platform platform(ActualResource profile) {
        Object value = profile.attributes().get(IntuneScepProfile.PLATFORM);
        return Platform.fromConfigName(String.valueOf(value))
                .orElseThrow(() -> new IllegalStateException(profile.key() + ": platform " + value + " is not windows or macos"));
    }

    static Optional<String> text(JsonNode node, String field) {
        String value = node.path(field).asText("");
        return value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    static Optional<Instant> instant(JsonNode node, String field) {
        return text(node, field).flatMap(OffsetInstants::read);
    }
}
