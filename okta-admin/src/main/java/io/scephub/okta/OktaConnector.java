package io.scephub.okta;

import io.scephub.core.spi.ReadRequest;
import io.scephub.core.contract.ScepConfiguration;
import io.scephub.core.contract.ScepOutput;
import io.scephub.core.error.VendorError;
import io.scephub.core.model.CaSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.Platform;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.DesiredStateProblem;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import io.scephub.core.resource.KnownObjects;
import io.scephub.core.resource.OwnedIndex;
import io.scephub.core.resource.OwnershipMarker;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.check.CheckResult;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.DynamicChallengeSource;
import io.scephub.core.spi.DynamicChallenges;
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
 * Reconciles Okta Device Access SCEP configurations ({@code okta.scep-configuration/<enrollment>}),
 * as in docs/contracts/okta-device-access.md. Only objects carrying the ownership marker are
 * managed. Custom CAs are looked up by their chain, never uploaded: Okta's route table has no
 * route for that, only the Admin Console does it.
 */
public final class OktaConnector implements Connector, EnrollmentCheck, TrustedChainSource, DynamicChallenges {

    static final String ATTR_NAME = "name";
    static final String ATTR_PLATFORM = "platform";
    static final String ATTR_CHALLENGE_TYPE = "challengeType";
    static final String ATTR_CA = "ca";
    static final String ATTR_STATUS = "status";
    static final String ATTR_DELEGATED = "delegated";
    /** Only on configurations made in the console: {@code console}. */
    static final String ATTR_MANAGE = "manage";
    static final String DELEGATED_TENANT_ID = "tenantId";
    static final String DELEGATED_APP_ID = "appId";

    static final String OUT_CA_ID = "caId";
    static final String OUT_RA_ID = "raId";
    /** SHA-256 (hex) of each certificate of the chain Okta serves for the configuration's CA, issuing CA first. */
    static final String OUT_CA_CHAIN_SHA256 = "caChainSha256";

    /** What {@code ca:} says for Okta's own CA. */
    static final String OKTA_CA = "okta";
    /** The input carrying a custom CA's chain ({@link CaSpec.CustomCa}), by which its Okta CA is found. */
    static final String INPUT_CUSTOM_CA = "customCa";
    private static final String DESCRIPTION = "Managed by scephub; edits here are overwritten on the next sync.";
    private static final Logger LOG = LoggerFactory.getLogger(OktaConnector.class);

    private final java.util.function.Supplier<OktaDeviceAccessApi> api;
    /** {@code okta.manage}: api or console, for enrollments that do not say. */
    private final String sectionMode;
    private final java.util.function.Function<SecretRef, Secret> secrets;
    private final java.util.function.Consumer<String> redact;
    /**
     * Console configurations as last read from the configuration's references: like the index, what
     * was read, so a lookup of one answers without reading the references again.
     */
    private final Map<ResourceKey, ActualResource> consoleRead = new java.util.concurrent.ConcurrentHashMap<>();

    /** The listing of the last read (or re-list), kept so lookups before a create cost no calls (issue #8). */
    private final AtomicReference<OktaView> listing = new AtomicReference<>();
    /** Owned SCEP configurations by key, from {@link #listing}. */
    private final OwnedIndex<ActualResource> index;
    private final AtomicReference<okhttp3.OkHttpClient> challengeClient = new AtomicReference<>();

    /** A connector whose every enrollment is managed through {@code api}. */
    public OktaConnector(OktaDeviceAccessApi api) {
        this(() -> api, OktaConsole.MODE_API, ref -> {
            throw new IllegalStateException("no secret resolution for " + ref);
        }, value -> { }, KnownObjects.NONE);
    }

    /**
     * @param api opened on first use: an org whose enrollments are all managed in the console is never called
     * @param sectionMode {@code okta.manage}, for enrollments whose {@code okta:} block does not say
     * @param secrets resolves the console values' references
     * @param redact told every console value, so no log shows it
     * @param known the configuration the state store knows, kept when two carry one marker
     */
    OktaConnector(java.util.function.Supplier<OktaDeviceAccessApi> api, String sectionMode,
                  java.util.function.Function<SecretRef, Secret> secrets, java.util.function.Consumer<String> redact,
                  KnownObjects known) {
        this.index = new OwnedIndex<>("Okta", Set.of(ScepConfiguration.KIND), known);
        this.api = api;
        this.sectionMode = sectionMode;
        this.secrets = secrets;
        this.redact = redact;
    }

    /** Fetches one-time challenges from Okta's challenge URLs through {@code challengeClient} (see {@link OktaDynamicChallenges}). */
    OktaConnector withChallengeClient(okhttp3.OkHttpClient challengeClient) {
        this.challengeClient.set(challengeClient);
        return this;
    }

    @Override
    public DynamicChallengeSource challenges(DesiredState state) {
        return challenges(state, Optional.empty());
    }

    /**
     * Carries over the dynamic-challenge credentials {@code previous} obtained from Okta (held in memory only), so a
     * replaced session does not reset each password once more; each only for the same registration authority.
     */
    @Override
    public DynamicChallengeSource challenges(DesiredState state, Optional<DynamicChallengeSource> previous) {
        okhttp3.OkHttpClient http = challengeClient.get();
        if (http == null) {
            throw new IllegalStateException("this Okta connector was opened without a client for challenge URLs");
        }
        return new OktaDynamicChallenges(() -> read(ReadRequest.of(this, state)), api, http, redact,
                previous.filter(OktaDynamicChallenges.class::isInstance).map(p -> ((OktaDynamicChallenges) p).obtained())
                        .orElse(Map.of()));
    }

    /** The underlying API, for operations outside reconciliation (secret rotation, groups). */
    public OktaDeviceAccessApi api() {
        return api.get();
    }

    @Override
    public String id() {
        return OktaConnectorProvider.ID;
    }

    @Override
    public List<Resource> desiredResources(DesiredState state) {
        List<Resource> scepConfigurations = new ArrayList<>();
        for (EnrollmentSpec enrollment : state.enrollments()) {
            ResourceKey key = ScepConfiguration.key(enrollment.name());
            if (OktaConsole.isConsole(enrollment, sectionMode)) {
                Resource.Builder made = Resource.builder(key, id());
                consoleAttributes(enrollment).forEach(made::attribute);
                scepConfigurations.add(made.build());
                continue;
            }
            Resource.Builder ra = Resource.builder(key, id())
                    .attribute(ATTR_NAME, OktaNames.raName(enrollment.name()))
                    .attribute(ATTR_PLATFORM, OktaVocabulary.platform(enrollment.platform()))
                    .attribute(ATTR_CHALLENGE_TYPE, OktaVocabulary.challengeType(enrollment.challenge()))
                    .replaceOn(ATTR_PLATFORM, ATTR_CHALLENGE_TYPE, ATTR_CA);
            if (enrollment.ca() instanceof CaSpec.CustomCa custom) {
                ra.attribute(ATTR_CA, custom.name()).input(INPUT_CUSTOM_CA, custom);
            } else {
                ra.attribute(ATTR_CA, OKTA_CA);
            }
            if (enrollment.challenge() == ChallengeType.DELEGATED) {
                ra.attribute(ATTR_DELEGATED, delegatedAttribute(delegatedFrom(state, enrollment)));
            }
            scepConfigurations.add(ra.build());
        }
        return scepConfigurations;
    }

    /**
     * What scephub knows of a configuration made in the console: what the configuration says. The
     * console's values are outputs; scephub neither reads nor changes the configuration itself.
     */
    static Map<String, Object> consoleAttributes(EnrollmentSpec enrollment) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(ATTR_PLATFORM, OktaVocabulary.platform(enrollment.platform()));
        attributes.put(ATTR_CHALLENGE_TYPE, OktaVocabulary.challengeType(enrollment.challenge()));
        attributes.put(ATTR_CA, enrollment.ca() instanceof CaSpec.CustomCa custom ? custom.name() : OKTA_CA);
        attributes.put(ATTR_MANAGE, OktaConsole.MODE_CONSOLE);
        return attributes;
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

    /**
     * Reads the console configurations from the configuration's references and, unless every
     * enrollment is managed in the console (then Okta's API is never called), lists Okta's.
     */
    @Override
    public ReadResult read(ReadRequest request) {
        List<ActualResource> resources = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        List<DesiredStateProblem> problems = new ArrayList<>();
        Map<ResourceKey, ActualResource> console = new HashMap<>();
        List<EnrollmentSpec> consoleEnrollments = request.state().enrollments().stream()
                .filter(e -> OktaConsole.isConsole(e, sectionMode)).toList();
        for (EnrollmentSpec enrollment : consoleEnrollments) {
            OktaConsole.Result read = OktaConsole.read(enrollment, secrets, redact);
            read.configuration().ifPresent(c -> console.put(c.key(), c));
            read.problem().ifPresent(problems::add);
        }
        consoleRead.keySet().retainAll(console.keySet());
        consoleRead.putAll(console);
        resources.addAll(console.values());
        List<OwnedIndex.Duplicate> duplicates = new ArrayList<>();
        if (consoleEnrollments.size() < request.state().enrollments().size()) {
            OktaView view = new OktaView(api.get(), customCas(request.desired()));
            Optional<DesiredStateProblem> unanswered = OktaProbe.probe(view);
            if (unanswered.isPresent()) {
                problems.add(unanswered.get());
                return new ReadResult(resources, notices, problems);
            }
            ReadResult result = read(view, request.strings(ATTR_NAME), customCaUsers(request.desired()));
            for (ActualResource found : result.resources()) {
                if (console.containsKey(found.key())) {
                    notices.add("Okta SCEP configuration " + found.vendorId() + " carries the marker " + OwnershipMarker.of(found.key())
                            + ", but that enrollment is managed in the Okta Admin Console now; scephub leaves it alone (delete it "
                            + "in the console if nothing uses it)");
                } else {
                    resources.add(found);
                }
            }
            notices.addAll(result.notices());
            problems.addAll(result.problems());
            duplicates.addAll(result.duplicates());
        }
        return new ReadResult(resources, notices, problems, duplicates);
    }

    /** The custom CAs the resources name, by name (each is found in Okta by its issuing certificate). */
    private static Map<String, CaSpec.CustomCa> customCas(List<Resource> desired) {
        Map<String, CaSpec.CustomCa> cas = new LinkedHashMap<>();
        desired.forEach(r -> customCa(r).ifPresent(custom -> cas.putIfAbsent(custom.name(), custom)));
        return Map.copyOf(cas);
    }

    /** An enrollment using each custom CA, to place a missing CA at that enrollment's {@code ca}. */
    private static Map<String, String> customCaUsers(List<Resource> desired) {
        Map<String, String> users = new HashMap<>();
        desired.forEach(r -> customCa(r).ifPresent(custom -> users.put(custom.name(), r.key().name())));
        return users;
    }

    private static Optional<CaSpec.CustomCa> customCa(Resource desired) {
        return desired.inputs().get(INPUT_CUSTOM_CA) instanceof CaSpec.CustomCa custom ? Optional.of(custom) : Optional.empty();
    }

    /**
     * The last listing, or a new one when there is none yet or a write's outcome was unknown since
     * (read with the custom CAs the last one was read with, so a CA keeps its configured name).
     */
    private OktaView view() {
        OktaView view = listing.get();
        if (view == null || index.needsListing()) {
            view = new OktaView(api.get(), view == null ? Map.of() : view.customCas);
            read(view, Set.of(), Map.of());
        }
        return view;
    }

    /**
     * Lists through {@code view} and makes it the index. {@code wanted}: the names desired
     * configurations will have; {@code customCaUsers}: an enrollment using each custom CA of the view.
     */
    private ReadResult read(OktaView view, Set<String> wanted, Map<String, String> customCaUsers) {
        List<ActualResource> resources = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        OwnedIndex.Listing<ActualResource> owned = index.listing();
        List<DesiredStateProblem> problems = new ArrayList<>();
        view.customCas.forEach((name, custom) -> {
            if (view.customCa(custom).isEmpty() && customCaUsers.containsKey(name)) {
                problems.add(DesiredStateProblem.ofEnrollment(customCaUsers.get(name), "ca", missingCustomCa(custom)));
            }
        });
        for (OktaCertificateAuthority ca : view.certificateAuthorities()) {
            for (OktaRegistrationAuthority ra : view.registrationAuthorities(ca.id())) {
                Optional<ResourceKey> key = marker(ra.description(), ScepConfiguration.KIND);
                if (key.isPresent()) {
                    owned.add(key.get(), ra.id(), ra.created(), Map.of(OUT_CA_ID, ca.id()), () -> raResource(ra, view, view.customCas));
                } else if (ra.name() != null && (ra.name().startsWith(OktaNames.RA_NAME_PREFIX) || wanted.contains(ra.name()))) {
                    notices.add("Okta SCEP configuration \"" + ra.name() + "\" (" + ra.id() + " under CA " + ca.id()
                            + ") looks like scephub's but has no scephub marker; it is left alone. To let scephub manage it, add "
                            + "the line [scephub:" + ScepConfiguration.KIND + "/<enrollment name>] to its description");
                }
            }
        }
        resources.addAll(owned.owned().values());
        notices.addAll(owned.duplicateNotices());
        index.replace(owned);
        listing.set(view);
        return new ReadResult(resources, notices, problems, owned.duplicates());
    }

    private static String missingCustomCa(CaSpec.CustomCa custom) {
        return "custom CA \"" + custom.name() + "\" is not in Okta (no certificate authority there has the issuing certificate of "
                + custom.source() + "). Okta's API has no route to upload a CA; upload the chain in the Okta Admin Console "
                + "(Security > Device integrations > Device Access, \"Use your own Certificate Authority\"), then plan again";
    }

    /** Answers from the last listing; lists again only after a create whose outcome is unknown (issue #8). */
    @Override
    public Optional<ActualResource> findOwned(ResourceKey key) {
        requireScepKind(key);
        if (consoleRead.containsKey(key)) {
            return Optional.of(consoleRead.get(key));
        }
        view();
        return index.get(key);
    }

    /** Okta may have made the object when the outcome is unknown: the next lookup lists again so a retry adopts it. */
    @Override
    public ActualResource create(Resource desired) {
        requireApiManaged(desired);
        return index.write(() -> createOnce(desired));
    }

    private ActualResource createOnce(Resource desired) {
        ResourceKey key = desired.key();
        String description = OwnershipMarker.append(DESCRIPTION, key);
        OktaView view = view();
        requireScepKind(key);
        OktaCertificateAuthority ca = resolveCa(desired, view);
        Map<String, CaSpec.CustomCa> cas = customCas(List.of(desired));
        ChallengeType challenge = OktaVocabulary.challengeType(string(desired, ATTR_CHALLENGE_TYPE)).orElseThrow();
        Platform platform = OktaVocabulary.platform(string(desired, ATTR_PLATFORM)).orElseThrow();
        OktaRegistrationAuthority ra = api.get().createRegistrationAuthority(ca.id(), new NewRegistrationAuthority(
                string(desired, ATTR_NAME), description, platform, challenge, delegated(desired)));
        // Okta could answer with another configuration: only one carrying this key's marker is scephub's.
        ActualResource created = index.written(key, ra.id(), ra.description().orElse(null), () -> raResource(ra, view, cas));
        LOG.info("okta scep configuration created key={} caId={} raId={}", key, ca.id(), ra.id());
        return created;
    }

    @Override
    public ActualResource update(Resource desired, ActualResource actual, List<AttributeChange> changes) {
        requireApiManaged(desired);
        return updateOnce(desired, actual, changes);
    }

    private ActualResource updateOnce(Resource desired, ActualResource actual, List<AttributeChange> changes) {
        ResourceKey key = desired.key();
        OktaView view = view();
        requireScepKind(key);
        String caId = String.valueOf(actual.outputs().get(OUT_CA_ID));
        OktaRegistrationAuthority current = api.get().getRegistrationAuthority(caId, actual.vendorId())
                .orElseThrow(() -> gone("SCEP configuration", actual));
        index.requireOwned(key, current.id(), current.description().orElse(null));
        boolean settingsChanged = changes.stream().anyMatch(c -> c.path().equals(ATTR_NAME) || c.path().startsWith(ATTR_DELEGATED));
        OktaRegistrationAuthority result = current;
        if (settingsChanged) {
            result = api.get().updateRegistrationAuthority(caId, current.id(), new RegistrationAuthorityUpdate(string(desired, ATTR_NAME),
                    OwnershipMarker.append(current.description().orElse(DESCRIPTION), key), delegated(desired)));
        }
        OktaRegistrationAuthority answered = result;
        Map<String, CaSpec.CustomCa> cas = customCas(List.of(desired));
        ActualResource updated = index.written(key, result.id(), result.description().orElse(null),
                () -> raResource(answered, view, cas));
        if (changes.stream().anyMatch(c -> c.path().equals(ScepOutput.PASSWORD.key()))) {
            // The plan asks for a new once-shown password: its dependant (the Jamf profile) never got the old one.
            DynamicCredentials credentials = api.get().resetPassword(caId, current.id());
            Map<String, Object> outputs = new LinkedHashMap<>(updated.outputs());
            outputs.put(ScepOutput.USERNAME.key(), credentials.username());
            outputs.put(ScepOutput.PASSWORD.key(), credentials.password());
            ActualResource withPassword = new ActualResource(updated.key(), updated.connector(), updated.vendorId(),
                    updated.attributes(), outputs, updated.dependsOn());
            updated = index.written(key, result.id(), result.description().orElse(null), () -> withPassword);
        }
        LOG.info("okta scep configuration updated key={} raId={} changed={}", key, current.id(),
                changes.stream().map(AttributeChange::path).toList());
        return updated;
    }

    @Override
    public void delete(ActualResource actual) {
        requireScepKind(actual.key());
        if (OktaConsole.CONSOLE_ID.equals(actual.vendorId())) {
            throw new IllegalStateException(actual.key() + " is managed in the Okta Admin Console; scephub does not delete it");
        }
        boolean deleted = api.get().deleteRegistrationAuthority(String.valueOf(actual.outputs().get(OUT_CA_ID)), actual.vendorId());
        index.remove(actual.key(), actual.vendorId());
        LOG.info("okta object deleted key={} vendorId={} alreadyGone={}", actual.key(), actual.vendorId(), !deleted);
    }

    @Override
    public List<CheckResult> checkEnrollments(DesiredState state, Map<ResourceKey, ActualResource> actual) {
        List<CheckResult> results = new ArrayList<>();
        for (EnrollmentSpec enrollment : state.enrollments()) {
            if (OktaConsole.isConsole(enrollment, sectionMode)) {
                results.add(CheckResult.warn(enrollment.name(), OktaEnrollmentChecks.EXISTS, "the Okta SCEP configuration is "
                        + "managed in the Okta Admin Console (manage: console); scephub does not read it and uses the values the "
                        + "configuration references", "Check it in the Okta Admin Console: Security > Device integrations > Device Access"));
            } else {
                results.addAll(OktaEnrollmentChecks.check(enrollment, actual));
            }
        }
        return results;
    }

    private static void requireApiManaged(Resource desired) {
        ResourceKey key = desired.key();
        requireScepKind(key);
        if (OktaConsole.MODE_CONSOLE.equals(desired.attributes().get(ATTR_MANAGE))) {
            throw new IllegalStateException(key + " is managed in the Okta Admin Console (manage: console): scephub never calls "
                    + "Okta's SCEP configuration routes for it");
        }
    }

    /** The chain of the CA the enrollment's SCEP configuration hangs under, as Okta serves it. */
    @Override
    public List<X509Certificate> trustedChain(EnrollmentSpec enrollment) {
        Optional<ActualResource> ra = findOwned(ScepConfiguration.key(enrollment.name()));
        if (ra.isPresent() && OktaConsole.CONSOLE_ID.equals(ra.get().vendorId())) {
            return ScepConfiguration.output(ra.get(), ScepOutput.CA_CERTIFICATE).map(b64 -> {
                try {
                    return List.of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                            new ByteArrayInputStream(java.util.Base64.getDecoder().decode(b64.toString()))));
                } catch (CertificateException e) {
                    throw new IllegalStateException("the console CA certificate of " + enrollment.name() + " is not X.509", e);
                }
            }).orElse(List.of());
        }
        if (ra.isEmpty()) {
            return List.of();
        }
        String caId = String.valueOf(ra.get().outputs().get(OUT_CA_ID));
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> chain = new ArrayList<>();
            for (byte[] der : api.get().certificateChain(caId)) {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
            return chain;
        } catch (CertificateException e) {
            throw new VendorError(OktaErrors.VENDOR, 200, null, null, "the chain of certificate authority " + caId
                    + " is not X.509 DER: " + e.getMessage());
        }
    }

    private OktaCertificateAuthority resolveCa(Resource desired, OktaView view) {
        String ca = string(desired, ATTR_CA);
        if (ca.equals(OKTA_CA)) {
            return view.oktaCa();
        }
        CaSpec.CustomCa custom = customCa(desired).orElseThrow(() -> new IllegalStateException(desired.key() + ": custom CA \""
                + ca + "\" comes without its chain; only resources expanded by desiredResources() carry it"));
        return view.customCa(custom).orElseThrow(() -> new IllegalStateException(desired.key() + ": " + missingCustomCa(custom)));
    }

    /** The configuration as the plan compares it; {@code cas} give a custom CA its configured name. */
    private ActualResource raResource(OktaRegistrationAuthority ra, OktaView view, Map<String, CaSpec.CustomCa> cas) {
        ResourceKey key = marker(ra.description(), ScepConfiguration.KIND).orElseThrow();
        OktaCertificateAuthority ca = view.certificateAuthority(ra.caId());
        String caName = ca.type() == OktaCertificateAuthority.Type.OKTA ? OKTA_CA : cas.values().stream()
                .filter(custom -> view.customCa(custom).filter(found -> found.id().equals(ca.id())).isPresent())
                .map(CaSpec.CustomCa::name).findFirst().orElse(ca.name());
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
        outputs.put(OUT_CA_CHAIN_SHA256, CertificateChains.sha256Hex(chain));
        ra.dynamic().ifPresent(d -> {
            outputs.put(ScepOutput.CHALLENGE_URL.key(), d.challengeUrl());
            outputs.put(ScepOutput.USERNAME.key(), d.username());
            d.password().ifPresent(password -> outputs.put(ScepOutput.PASSWORD.key(), password));
        });
        return new ActualResource(key, id(), ra.id(), attributes, outputs, Set.of());
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
            throw new IllegalArgumentException("the okta connector manages " + ScepConfiguration.KIND + ", not " + key.kind());
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
    static final class OktaView {
        private final OktaDeviceAccessApi api;
        /** The custom CAs of the configuration this look was taken for, by name. */
        final Map<String, CaSpec.CustomCa> customCas;
        private List<OktaCertificateAuthority> cas;

        private final Map<String, List<OktaRegistrationAuthority>> ras = new HashMap<>();
        private final Map<String, List<byte[]>> chains = new HashMap<>();

        OktaView(OktaDeviceAccessApi api, Map<String, CaSpec.CustomCa> customCas) {
            this.api = api;
            this.customCas = customCas;
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

        /** The CUSTOM CA whose chain starts with the configured issuing certificate (one {@code /cert} per custom CA, once). */
        synchronized Optional<OktaCertificateAuthority> customCa(CaSpec.CustomCa custom) {
            String issuing = CertificateChains.sha256Hex(List.of(custom.chainDer().get(0))).get(0);
            return certificateAuthorities().stream().filter(ca -> ca.type() == OktaCertificateAuthority.Type.CUSTOM)
                    .filter(ca -> CertificateChains.sha256Hex(chain(ca.id())).get(0).equals(issuing))
                    .findFirst();
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
