package io.scephub.okta;

import io.scephub.core.contract.ScepConfiguration;
import io.scephub.core.contract.ScepOutput;
import io.scephub.core.error.UnknownOutcome;
import io.scephub.core.error.VendorError;
import io.scephub.core.model.CaSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.Platform;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.OwnershipMarker;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.check.CheckResult;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.EnrollmentCheck;
import io.scephub.core.spi.TrustedChainSource;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import io.scephub.okta.OktaRegistrationAuthority.DelegatedValidator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles Okta Device Access: custom CAs ({@code okta.certificate-authority/<ca>}) and SCEP
 * configurations ({@code okta.scep-configuration/<enrollment>}), as in
 * docs/contracts/okta-device-access.md. Only objects carrying the ownership marker are managed.
 */
public final class OktaConnector implements Connector, EnrollmentCheck, TrustedChainSource {
    public static final String KIND_CA = "okta.certificate-authority";

    static final String ATTR_NAME = "name";
    static final String ATTR_CHAIN_SHA256 = "chainSha256";
    static final String ATTR_PLATFORM = "platform";
    static final String ATTR_CHALLENGE_TYPE = "challengeType";
    static final String ATTR_CA = "ca";
    static final String ATTR_STATUS = "status";
    static final String ATTR_DELEGATED = "delegated";
    static final String DELEGATED_TENANT_ID = "tenantId";
    static final String DELEGATED_APP_ID = "appId";

    static final String OUT_CA_ID = "caId";
    static final String OUT_RA_ID = "raId";

    /** What {@code ca:} says for Okta's own CA. */
    static final String OKTA_CA = "okta";
    private static final String RA_NAME_PREFIX = "scephub ";
    private static final String DESCRIPTION = "Managed by scephub; edits here are overwritten on the next sync.";
    private static final Logger LOG = LoggerFactory.getLogger(OktaConnector.class);

    private final OktaDeviceAccessApi api;
    /** Chains of the custom CAs last expanded; the resource carries only their fingerprints. */
    private final AtomicReference<Map<String, CaSpec.CustomCa>> customCas = new AtomicReference<>(Map.of());
    /** Names the desired objects will have, to report unmanaged look-alikes in read(). */
    private final AtomicReference<Set<String>> desiredNames = new AtomicReference<>(Set.of());

    /** The listing of the last read (or re-list), kept so lookups before a create cost no calls (issue #8). */
    private final AtomicReference<OktaView> listing = new AtomicReference<>();
    /** Owned objects by key, from {@link #listing}. */
    private final Map<ResourceKey, ActualResource> owned = new java.util.concurrent.ConcurrentHashMap<>();
    /** Set when a create ended with an unknown outcome: the next lookup lists again to adopt, not duplicate. */
    private final java.util.concurrent.atomic.AtomicBoolean stale = new java.util.concurrent.atomic.AtomicBoolean();

    public OktaConnector(OktaDeviceAccessApi api) {
        this.api = api;
    }

    /** The name scephub gives an enrollment's SCEP configuration in Okta. */
    static String raName(String enrollment) {
        return RA_NAME_PREFIX + enrollment;
    }

    /** The underlying API, for operations outside reconciliation (secret rotation, groups). */
    public OktaDeviceAccessApi api() {
        return api;
    }

    @Override
    public String id() {
        return OktaConnectorProvider.ID;
    }

    @Override
    public List<Resource> desiredResources(DesiredState state) {
        Map<String, CaSpec.CustomCa> cas = new LinkedHashMap<>();
        List<Resource> scepConfigurations = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (EnrollmentSpec enrollment : state.enrollments()) {
            ResourceKey key = ScepConfiguration.key(enrollment.name());
            Resource.Builder ra = Resource.builder(key, id())
                    .attribute(ATTR_NAME, raName(enrollment.name()))
                    .attribute(ATTR_PLATFORM, OktaVocabulary.platform(enrollment.platform()))
                    .attribute(ATTR_CHALLENGE_TYPE, OktaVocabulary.challengeType(enrollment.challenge()))
                    .replaceOn(ATTR_PLATFORM, ATTR_CHALLENGE_TYPE, ATTR_CA);
            if (enrollment.ca() instanceof CaSpec.CustomCa custom) {
                cas.putIfAbsent(custom.name(), custom);
                ra.attribute(ATTR_CA, custom.name()).dependsOn(new ResourceKey(KIND_CA, custom.name()));
            } else {
                ra.attribute(ATTR_CA, OKTA_CA);
            }
            ra.attribute(ATTR_STATUS, OktaVocabulary.STATUS_ACTIVE);
            if (enrollment.challenge() == ChallengeType.DELEGATED) {
                ra.attribute(ATTR_DELEGATED, delegatedAttribute(delegatedFrom(state, enrollment)));
            }
            names.add(raName(enrollment.name()));
            scepConfigurations.add(ra.build());
        }
        List<Resource> resources = new ArrayList<>();
        for (CaSpec.CustomCa custom : cas.values()) {
            resources.add(Resource.builder(new ResourceKey(KIND_CA, custom.name()), id())
                    .attribute(ATTR_NAME, custom.name())
                    .attribute(ATTR_CHAIN_SHA256, CertificateChains.sha256Hex(custom.chainDer()))
                    .replaceOn(ATTR_CHAIN_SHA256)
                    .build());
            names.add(custom.name());
        }
        resources.addAll(scepConfigurations);
        customCas.set(Map.copyOf(cas));
        desiredNames.set(Set.copyOf(names));
        return resources;
    }

    private static DelegatedValidator delegatedFrom(DesiredState state, EnrollmentSpec enrollment) {
        ConnectorSettings intune = state.connector(OktaConnectorProvider.INTUNE).orElseThrow(() -> new IllegalStateException(
                "enrollment " + enrollment.name() + ": a delegated challenge needs the intune connector (mdm.intune) configured"));
        return new DelegatedValidator(intune.string(OktaConnectorProvider.INTUNE_TENANT_ID),
                intune.string(OktaConnectorProvider.INTUNE_CLIENT_ID));
    }

    /** Entra ids are case-insensitive GUIDs: compared lower-case so a case change is not drift. */
    private static Map<String, Object> delegatedAttribute(DelegatedValidator delegated) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(DELEGATED_TENANT_ID, lower(delegated.tenantId()));
        map.put(DELEGATED_APP_ID, lower(delegated.appId()));
        return map;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    @Override
    public ReadResult read() {
        OktaView view = new OktaView(api);
        ReadResult result = read(view);
        remember(view, result.resources());
        return result;
    }

    private void remember(OktaView view, List<ActualResource> resources) {
        Map<ResourceKey, ActualResource> listed = new HashMap<>();
        resources.forEach(r -> listed.put(r.key(), r));
        // Swapped in place, never emptied first: a concurrent lookup must not see a gap and create a duplicate.
        owned.keySet().retainAll(listed.keySet());
        owned.putAll(listed);
        listing.set(view);
        stale.set(false);
    }

    /** The last listing, or a new one when there is none yet or a create's outcome was unknown since. */
    private OktaView view() {
        OktaView view = listing.get();
        if (view == null || stale.get()) {
            view = new OktaView(api);
            remember(view, read(view).resources());
        }
        return view;
    }

    private ReadResult read(OktaView view) {
        List<ActualResource> resources = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        Set<ResourceKey> seen = new java.util.HashSet<>();
        Set<String> wanted = desiredNames.get();
        for (OktaCertificateAuthority ca : view.certificateAuthorities()) {
            if (ca.type() != OktaCertificateAuthority.Type.CUSTOM) {
                continue;
            }
            Optional<ResourceKey> key = marker(ca.description(), KIND_CA);
            if (key.isPresent()) {
                addOnce(resources, seen, notices, caResource(ca, key.get(), view), "certificate authority " + ca.id());
            } else if (wanted.contains(ca.name())) {
                notices.add("Okta certificate authority \"" + ca.name() + "\" (" + ca.id() + ") has the name scephub wants but no "
                        + "scephub marker; it is left alone. To let scephub manage it, add the line "
                        + OwnershipMarker.of(new ResourceKey(KIND_CA, ca.name())) + " to its description");
            }
        }
        for (OktaCertificateAuthority ca : view.certificateAuthorities()) {
            for (OktaRegistrationAuthority ra : view.registrationAuthorities(ca.id())) {
                Optional<ResourceKey> key = marker(ra.description(), ScepConfiguration.KIND);
                if (key.isPresent()) {
                    addOnce(resources, seen, notices, raResource(ra, view), "SCEP configuration " + ra.id());
                } else if (ra.name() != null && (ra.name().startsWith(RA_NAME_PREFIX) || wanted.contains(ra.name()))) {
                    notices.add("Okta SCEP configuration \"" + ra.name() + "\" (" + ra.id() + " under CA " + ca.id()
                            + ") looks like scephub's but has no scephub marker; it is left alone. To let scephub manage it, add "
                            + "the line [scephub:" + ScepConfiguration.KIND + "/<enrollment name>] to its description");
                }
            }
        }
        return new ReadResult(resources, notices);
    }

    private static void addOnce(List<ActualResource> resources, Set<ResourceKey> seen, List<String> notices,
                                ActualResource resource, String what) {
        if (seen.add(resource.key())) {
            resources.add(resource);
        } else {
            notices.add("Okta " + what + " also carries the marker " + OwnershipMarker.of(resource.key())
                    + "; only the first one found is managed, remove the marker from the other");
        }
    }

    /** Answers from the last listing; lists again only after a create whose outcome is unknown (issue #8). */
    @Override
    public Optional<ActualResource> findOwned(ResourceKey key) {
        if (!key.kind().equals(KIND_CA)) {
            requireScepKind(key);
        }
        view();
        return Optional.ofNullable(owned.get(key));
    }

    @Override
    public ActualResource create(Resource desired) {
        try {
            ActualResource created = createOnce(desired);
            owned.put(created.key(), created);
            return created;
        } catch (RuntimeException e) {
            if (UnknownOutcome.of(e)) {
                // Okta may have made it: the next lookup lists again so a retry adopts it.
                stale.set(true);
            }
            throw e;
        }
    }

    private ActualResource createOnce(Resource desired) {
        ResourceKey key = desired.key();
        String description = OwnershipMarker.append(DESCRIPTION, key);
        OktaView view = view();
        if (key.kind().equals(KIND_CA)) {
            CaSpec.CustomCa custom = chainFor(desired);
            OktaCertificateAuthority ca = api.createCertificateAuthority(string(desired, ATTR_NAME), description, custom.chainDer());
            LOG.info("okta certificate authority created key={} caId={}", key, ca.id());
            view.added(ca);
            return caResource(ca, key, view);
        }
        requireScepKind(key);
        OktaCertificateAuthority ca = resolveCa(string(desired, ATTR_CA), view);
        ChallengeType challenge = OktaVocabulary.challengeType(string(desired, ATTR_CHALLENGE_TYPE)).orElseThrow();
        Platform platform = OktaVocabulary.platform(string(desired, ATTR_PLATFORM)).orElseThrow();
        OktaRegistrationAuthority ra = api.createRegistrationAuthority(ca.id(), new NewRegistrationAuthority(
                string(desired, ATTR_NAME), description, platform, challenge, delegated(desired)));
        LOG.info("okta scep configuration created key={} caId={} raId={}", key, ca.id(), ra.id());
        if (OktaVocabulary.STATUS_INACTIVE.equals(desired.attributes().get(ATTR_STATUS))
                && !OktaVocabulary.STATUS_INACTIVE.equals(ra.status())) {
            ra = api.deactivateRegistrationAuthority(ca.id(), ra.id());
        }
        return raResource(ra, view);
    }

    @Override
    public ActualResource update(Resource desired, ActualResource actual, List<AttributeChange> changes) {
        ActualResource updated = updateOnce(desired, actual, changes);
        owned.put(updated.key(), updated);
        return updated;
    }

    private ActualResource updateOnce(Resource desired, ActualResource actual, List<AttributeChange> changes) {
        ResourceKey key = desired.key();
        OktaView view = view();
        if (key.kind().equals(KIND_CA)) {
            OktaCertificateAuthority current = api.getCertificateAuthority(actual.vendorId())
                    .orElseThrow(() -> gone("certificate authority", actual));
            OktaCertificateAuthority updated = api.updateCertificateAuthority(current.id(), string(desired, ATTR_NAME),
                    OwnershipMarker.append(current.description().orElse(DESCRIPTION), key));
            return caResource(updated, key, view);
        }
        requireScepKind(key);
        String caId = String.valueOf(actual.outputs().get(OUT_CA_ID));
        OktaRegistrationAuthority current = api.getRegistrationAuthority(caId, actual.vendorId())
                .orElseThrow(() -> gone("SCEP configuration", actual));
        boolean settingsChanged = changes.stream().anyMatch(c -> c.path().equals(ATTR_NAME) || c.path().startsWith(ATTR_DELEGATED));
        boolean statusChanged = changes.stream().anyMatch(c -> c.path().equals(ATTR_STATUS));
        OktaRegistrationAuthority result = current;
        if (settingsChanged) {
            result = api.updateRegistrationAuthority(caId, current.id(), new RegistrationAuthorityUpdate(string(desired, ATTR_NAME),
                    OwnershipMarker.append(current.description().orElse(DESCRIPTION), key), delegated(desired)));
        }
        if (statusChanged) {
            result = OktaVocabulary.STATUS_INACTIVE.equals(desired.attributes().get(ATTR_STATUS))
                    ? api.deactivateRegistrationAuthority(caId, current.id())
                    : api.activateRegistrationAuthority(caId, current.id());
        }
        ActualResource updated = raResource(result, view);
        if (changes.stream().anyMatch(c -> c.path().equals(ScepOutput.PASSWORD.key()))) {
            // The plan asks for a new once-shown password: its dependant (the Jamf profile) never got the old one.
            DynamicCredentials credentials = api.resetCredentials(caId, current.id());
            Map<String, Object> outputs = new LinkedHashMap<>(updated.outputs());
            outputs.put(ScepOutput.USERNAME.key(), credentials.username());
            outputs.put(ScepOutput.PASSWORD.key(), credentials.password());
            updated = new ActualResource(updated.key(), updated.connector(), updated.vendorId(), updated.attributes(), outputs,
                    updated.dependsOn());
        }
        LOG.info("okta scep configuration updated key={} raId={} changed={}", key, current.id(),
                changes.stream().map(AttributeChange::path).toList());
        return updated;
    }

    @Override
    public void delete(ActualResource actual) {
        boolean deleted;
        if (actual.key().kind().equals(KIND_CA)) {
            deleted = api.deleteCertificateAuthority(actual.vendorId());
        } else {
            requireScepKind(actual.key());
            deleted = api.deleteRegistrationAuthority(String.valueOf(actual.outputs().get(OUT_CA_ID)), actual.vendorId());
        }
        owned.remove(actual.key());
        LOG.info("okta object deleted key={} vendorId={} alreadyGone={}", actual.key(), actual.vendorId(), !deleted);
    }

    @Override
    public List<CheckResult> checkEnrollments(DesiredState state, Map<ResourceKey, ActualResource> actual) {
        return OktaEnrollmentChecks.check(state, actual);
    }

    /** The chain of the CA the enrollment's SCEP configuration hangs under, as Okta serves it. */
    @Override
    public List<X509Certificate> trustedChain(EnrollmentSpec enrollment) {
        Optional<ActualResource> ra = findOwned(ScepConfiguration.key(enrollment.name()));
        if (ra.isEmpty()) {
            return List.of();
        }
        String caId = String.valueOf(ra.get().outputs().get(OUT_CA_ID));
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> chain = new ArrayList<>();
            for (byte[] der : api.certificateChain(caId)) {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
            return chain;
        } catch (CertificateException e) {
            throw new VendorError(OktaErrors.VENDOR, 200, null, null, "the chain of certificate authority " + caId
                    + " is not X.509 DER: " + e.getMessage());
        }
    }

    private CaSpec.CustomCa chainFor(Resource desired) {
        CaSpec.CustomCa custom = customCas.get().get(desired.key().name());
        if (custom == null) {
            throw new IllegalStateException(desired.key() + ": the certificate chain is not known to this connector; "
                    + "desiredResources() must expand the configuration before the CA can be created");
        }
        Object wantedFingerprints = desired.attributes().get(ATTR_CHAIN_SHA256);
        if (!CertificateChains.sha256Hex(custom.chainDer()).equals(wantedFingerprints)) {
            throw new IllegalStateException(desired.key() + ": the chain in the configuration changed since the plan was made; "
                    + "plan again");
        }
        return custom;
    }

    private static OktaCertificateAuthority resolveCa(String ca, OktaView view) {
        if (ca.equals(OKTA_CA)) {
            return view.oktaCa();
        }
        ResourceKey caKey = new ResourceKey(KIND_CA, ca);
        return view.certificateAuthorities().stream()
                .filter(c -> marker(c.description(), KIND_CA).filter(caKey::equals).isPresent())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("custom CA \"" + ca + "\" is not in Okta yet: " + caKey
                        + " must be created before the SCEP configurations that use it"));
    }

    private ActualResource caResource(OktaCertificateAuthority ca, ResourceKey key, OktaView view) {
        List<byte[]> chain = view.chain(ca.id());
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(ATTR_NAME, ca.name());
        attributes.put(ATTR_CHAIN_SHA256, CertificateChains.sha256Hex(chain));
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put(OUT_CA_ID, ca.id());
        outputs.put(ScepOutput.CA_CERTIFICATE.key(), CertificateChains.base64(chain.get(0)));
        return new ActualResource(key, id(), ca.id(), attributes, outputs, Set.of());
    }

    private ActualResource raResource(OktaRegistrationAuthority ra, OktaView view) {
        ResourceKey key = marker(ra.description(), ScepConfiguration.KIND).orElseThrow();
        OktaCertificateAuthority ca = view.certificateAuthority(ra.caId());
        String caName;
        Set<ResourceKey> dependsOn = Set.of();
        if (ca.type() == OktaCertificateAuthority.Type.OKTA) {
            caName = OKTA_CA;
        } else {
            Optional<ResourceKey> caKey = marker(ca.description(), KIND_CA);
            caName = caKey.map(ResourceKey::name).orElse(ca.name());
            dependsOn = caKey.map(Set::of).orElse(Set.of());
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(ATTR_NAME, ra.name());
        attributes.put(ATTR_PLATFORM, OktaVocabulary.platform(ra.platform()));
        attributes.put(ATTR_CHALLENGE_TYPE, OktaVocabulary.challengeType(ra.challengeType()));
        attributes.put(ATTR_CA, caName);
        attributes.put(ATTR_STATUS, ra.status());
        ra.delegated().ifPresent(d -> attributes.put(ATTR_DELEGATED, delegatedAttribute(d)));
        List<byte[]> chain = view.chain(ca.id());
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put(OUT_RA_ID, ra.id());
        outputs.put(OUT_CA_ID, ca.id());
        outputs.put(ScepOutput.SCEP_URL.key(), ra.scepUrl());
        outputs.put(ScepOutput.CA_CERTIFICATE.key(), CertificateChains.base64(chain.get(chain.size() - 1)));
        outputs.put(ScepOutput.CA_CERTIFICATE_FILE_NAME.key(), certificateFileName(caName));
        ra.dynamic().ifPresent(d -> {
            outputs.put(ScepOutput.CHALLENGE_URL.key(), d.challengeUrl());
            outputs.put(ScepOutput.USERNAME.key(), d.username());
            d.password().ifPresent(password -> outputs.put(ScepOutput.PASSWORD.key(), password));
        });
        return new ActualResource(key, id(), ra.id(), attributes, outputs, dependsOn);
    }

    /** The file name MDMs show for the trusted root, e.g. {@code okta-root-ca.cer}. */
    private static String certificateFileName(String caName) {
        return (caName.equals(OKTA_CA) ? "okta" : caName) + "-root-ca.cer";
    }

    private static Optional<DelegatedValidator> delegated(Resource desired) {
        if (!(desired.attributes().get(ATTR_DELEGATED) instanceof Map<?, ?> map)) {
            return Optional.empty();
        }
        return Optional.of(new DelegatedValidator(String.valueOf(map.get(DELEGATED_TENANT_ID)),
                String.valueOf(map.get(DELEGATED_APP_ID))));
    }

    private static Optional<ResourceKey> marker(Optional<String> description, String kind) {
        return description.flatMap(OwnershipMarker::find).filter(k -> k.kind().equals(kind));
    }

    private static String string(Resource desired, String attribute) {
        Object value = desired.attributes().get(attribute);
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException(desired.key() + ": attribute " + attribute + " must be a string, got " + value);
        }
        return s;
    }

    private static void requireScepKind(ResourceKey key) {
        if (!key.kind().equals(ScepConfiguration.KIND)) {
            throw new IllegalArgumentException("the okta connector manages " + KIND_CA + " and " + ScepConfiguration.KIND + ", not " + key.kind());
        }
    }

    private static VendorError gone(String what, ActualResource actual) {
        return new VendorError(OktaErrors.VENDOR, 404, OktaErrors.NOT_FOUND, null, "Okta " + what + " " + actual.vendorId()
                + " (" + actual.key() + ") disappeared since it was read; plan again");
    }

    /**
     * One consistent look at Okta for a single operation: each list and chain is fetched at most
     * once, so a read costs one call per CA list page, RA list page and CA chain.
     */
    private static final class OktaView {
        private final OktaDeviceAccessApi api;
        private List<OktaCertificateAuthority> cas;

        /** A CA created since the listing, so SCEP configurations created next find it without a new list. */
        synchronized void added(OktaCertificateAuthority ca) {
            List<OktaCertificateAuthority> more = new ArrayList<>(certificateAuthorities());
            more.add(ca);
            cas = List.copyOf(more);
        }

        private final Map<String, List<OktaRegistrationAuthority>> ras = new HashMap<>();
        private final Map<String, List<byte[]>> chains = new HashMap<>();

        OktaView(OktaDeviceAccessApi api) {
            this.api = api;
        }

        synchronized List<OktaCertificateAuthority> certificateAuthorities() {
            if (cas == null) {
                cas = api.listCertificateAuthorities();
            }
            return cas;
        }

        synchronized OktaCertificateAuthority certificateAuthority(String caId) {
            return certificateAuthorities().stream().filter(ca -> ca.id().equals(caId)).findFirst()
                    .or(() -> api.getCertificateAuthority(caId))
                    .orElseThrow(() -> new VendorError(OktaErrors.VENDOR, 404, OktaErrors.NOT_FOUND, null,
                            "certificate authority " + caId + " of a SCEP configuration is not in Okta"));
        }

        synchronized OktaCertificateAuthority oktaCa() {
            return certificateAuthorities().stream().filter(ca -> ca.type() == OktaCertificateAuthority.Type.OKTA).findFirst()
                    .orElseGet(api::oktaCertificateAuthority);
        }

        synchronized List<OktaRegistrationAuthority> registrationAuthorities(String caId) {
            return ras.computeIfAbsent(caId, api::listRegistrationAuthorities);
        }

        synchronized List<byte[]> chain(String caId) {
            List<byte[]> chain = chains.computeIfAbsent(caId, api::certificateChain);
            if (chain.isEmpty()) {
                throw new VendorError(OktaErrors.VENDOR, 200, null, null, "certificate authority " + caId + " has an empty chain");
            }
            return chain;
        }
    }

}
