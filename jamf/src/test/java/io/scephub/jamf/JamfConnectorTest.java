package io.scephub.jamf;

import io.scephub.core.spi.ReadRequest;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.scephub.core.check.CheckResult;
import io.scephub.core.check.DeliveryState;
import io.scephub.core.check.DeviceProfileStatus;
import io.scephub.core.error.VendorError;
import io.scephub.core.http.HttpPolicy;
import io.scephub.core.http.RetryAfterSource;
import io.scephub.core.http.VendorHttp;
import io.scephub.core.model.CaSpec;
import io.scephub.core.model.CertificateSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.ExtendedKeyUsage;
import io.scephub.core.model.GroupScope;
import io.scephub.core.model.KeyUsage;
import io.scephub.core.model.Platform;
import io.scephub.core.model.RenewalPolicy;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.renewal.EnrollmentFleet;
import io.scephub.core.renewal.ExpiryWave;
import io.scephub.core.renewal.FleetSnapshot;
import io.scephub.core.renewal.Redistribution;
import io.scephub.core.renewal.RenewalForecast;
import io.scephub.core.renewal.RenewalPlanner;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.spi.ConnectorContext;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.JamfSimulator;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JamfConnectorTest {
    static final String CANARY_SECRET = "canary-jamf-client-secret-5e81";
    static final String CANARY_PASSWORD = "canary-okta-dynamic-password-9c2d";
    static final String SCEP_URL = "https://example.okta.com/pki/abc/scep/rac1";
    private static Sandbox sandbox;

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(() -> SandboxOptions.builder().jamfClientSecret(CANARY_SECRET).build());

    @BeforeAll
    static void start(Sandbox started) {
        sandbox = started;
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
    }

    /** A context without a state store: nothing is kept between reads. */
    static ConnectorContext context(Map<String, String> secrets) {
        return new ConnectorContext() {
            @Override
            public Secret secret(SecretRef ref) {
                return Secret.of(secrets.get(ref.name()), ref.toString());
            }

            @Override
            public VendorHttp http() {
                return new VendorHttp() {
                    @Override
                    public OkHttpClient client(String vendor, HttpPolicy policy, RetryAfterSource retryAfter,
                                               List<Interceptor> interceptors) {
                        // As ResilientVendorHttp: OkHttp must not resend a write itself after a reset connection.
                        OkHttpClient.Builder builder = new OkHttpClient.Builder().retryOnConnectionFailure(false)
                                .readTimeout(Duration.ofSeconds(5));
                        interceptors.forEach(builder::addInterceptor);
                        return builder.build();
                    }

                    @Override
                    public void redact(String secretValue) {
                    }
                };
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }
        };
    }

    static final String HOOK_URL = "http://127.0.0.1:9/hooks/jamf/scep-challenge";

    /** The mdm.jamf section; the secrets are the environment variables JAMF_CLIENT_ID, _SECRET and _WEBHOOK_PASSWORD. */
    static ConnectorSettings settings(String baseUrl, boolean withWebhook) {
        Map<String, Object> values = new HashMap<>();
        values.put("url", baseUrl);
        values.put("clientId", new SecretRef(SecretRef.Source.ENV, "JAMF_CLIENT_ID"));
        values.put("clientSecret", new SecretRef(SecretRef.Source.ENV, "JAMF_CLIENT_SECRET"));
        if (withWebhook) {
            values.put("webhook.url", HOOK_URL);
            values.put("webhook.username", "jamf-webhook");
            values.put("webhook.password", new SecretRef(SecretRef.Source.ENV, "JAMF_WEBHOOK_PASSWORD"));
        }
        return new ConnectorSettings("jamf", "mdm.jamf", values);
    }

    private static JamfConnector open(boolean withPassword) {
        ConnectorSettings settings = settings(sandbox.jamfBaseUrl(), withPassword);
        return (JamfConnector) new JamfConnectorProvider().open(settings, context(Map.of(
                "JAMF_CLIENT_ID", SandboxOptions.DEFAULT_JAMF_CLIENT_ID, "JAMF_CLIENT_SECRET", CANARY_SECRET,
                "JAMF_WEBHOOK_PASSWORD", CANARY_PASSWORD)));
    }

    static EnrollmentSpec enrollment(List<String> include, List<String> exclude) {
        CertificateSpec certificate = new CertificateSpec("CN=$COMPUTERNAME ODA $UDID,O=Example", List.of(), 2048, "sha256",
                Set.of(KeyUsage.DIGITAL_SIGNATURE), List.of(ExtendedKeyUsage.CLIENT_AUTH), Period.ofYears(1), 20);
        return new EnrollmentSpec("macos-jamf", Platform.MACOS, "jamf", ChallengeType.DYNAMIC, new CaSpec.OktaCa(), certificate,
                new GroupScope(include, exclude), Optional.empty(), Optional.empty());
    }

    /** The desired profile with Okta's outputs filled in, as the engine hands it over. */
    static Resource desired(JamfConnector connector, EnrollmentSpec enrollment) {
        Resource resource = connector.desiredResources(new DesiredState(Map.of(), List.of(enrollment))).get(0);
        Map<String, Object> resolved = new LinkedHashMap<>();
        resource.attributes().forEach((k, v) -> resolved.put(k, v instanceof OutputRef ref ? switch (ref.output()) {
            case "scepUrl" -> SCEP_URL;
            case "challengeUrl" -> "https://example.okta.com/api/v1/certificateAuthorities/abc/registrationAuthorities/rac1/challenge";
            default -> "okta-a1b2c3";
        } : v));
        return resource.withAttributes(resolved);
    }

    /** A read asked, as the engine asks it, for what {@code enrollments} expand to. */
    static ReadResult read(JamfConnector connector, EnrollmentSpec... enrollments) {
        return connector.read(ReadRequest.of(connector, new DesiredState(Map.of(), List.of(enrollments))));
    }

    private static List<AttributeChange> diff(Resource desired, ActualResource actual) {
        return desired.attributes().entrySet().stream().filter(e -> !e.getValue().equals(actual.attributes().get(e.getKey())))
                .map(e -> new AttributeChange(e.getKey(), Optional.ofNullable(actual.attributes().get(e.getKey())),
                        Optional.of(e.getValue()))).toList();
    }

    @Test
    void desiredProfileTakesOktasUrlsAndDependsOnTheOktaConfiguration() {
        Resource resource = open(false).desiredResources(new DesiredState(Map.of(),
                List.of(enrollment(List.of("ODA Macs"), List.of())))).get(0);
        ResourceKey okta = new ResourceKey("okta.scep-configuration", "macos-jamf");
        assertThat(resource.key()).isEqualTo(new ResourceKey("jamf.configuration-profile", "macos-jamf"));
        assertThat(resource.attributes().get("scepUrl")).isEqualTo(new OutputRef(okta, "scepUrl"));
        assertThat(resource.attributes().get("level")).isEqualTo("System");
        assertThat(resource.dependsOn()).containsExactly(okta);
    }

    @Test
    void createReadUpdateDeleteRoundTrip() {
        JamfConnector connector = open(true);
        Resource desired = desired(connector, enrollment(List.of("ODA Macs"), List.of("ODA Pilot Macs")));
        ActualResource created = connector.create(desired);
        assertThat(diff(desired, created)).isEmpty();
        JamfSimulator.Profile stored = sandbox.jamf().profile("scephub macos-jamf").orElseThrow();
        assertThat(stored.level()).isEqualTo("System");
        assertThat(stored.description()).endsWith("[scephub:jamf.configuration-profile/macos-jamf]");
        assertThat(stored.includedGroups()).extracting(JamfSimulator.Group::name).containsExactly("ODA Macs");
        assertThat(stored.excludedGroups()).extracting(JamfSimulator.Group::name).containsExactly("ODA Pilot Macs");
        assertThat(stored.payloads()).contains("com.apple.security.scep").contains(SCEP_URL).contains("<key>KeyIsExtractable</key>");

        ReadResult read = read(connector, enrollment(List.of("ODA Macs"), List.of("ODA Pilot Macs")));
        assertThat(read.resources()).singleElement().satisfies(r -> assertThat(diff(desired, r)).isEmpty());

        Resource changed = desired(connector, enrollment(List.of("ODA Pilot Macs"), List.of()));
        ActualResource updated = connector.update(changed, created, diff(changed, created));
        assertThat(diff(changed, updated)).isEmpty();
        JamfSimulator.Profile after = sandbox.jamf().profile("scephub macos-jamf").orElseThrow();
        assertThat(after.redeployOnUpdate()).isEqualTo("Newly Assigned");
        // Jamf's rewritten top-level identity survives the update.
        assertThat(after.payloads()).contains(stored.uuid());

        connector.delete(updated);
        assertThat(sandbox.jamf().profiles()).isEmpty();
        connector.delete(updated);
    }

    @Test
    void profileReadBackAtUserLevelIsFlaggedAndDrifts() {
        JamfConnector connector = open(true);
        Resource desired = desired(connector, enrollment(List.of("ODA Macs"), List.of()));
        ActualResource created = connector.create(desired);
        String payloads = sandbox.jamf().profile("scephub macos-jamf").orElseThrow().payloads();
        sandbox.reset();
        sandbox.jamf().seedProfile("scephub macos-jamf", "old\n[scephub:jamf.configuration-profile/macos-jamf]", "User", payloads);
        ReadResult read = read(connector, enrollment(List.of("ODA Macs"), List.of()));
        assertThat(read.resources().get(0).attributes().get("level")).isEqualTo("User");
        assertThat(read.notices()).anyMatch(n -> n.contains("stored at User level"));
        assertThat(diff(desired, read.resources().get(0))).extracting(AttributeChange::path).contains("level");
        Map<ResourceKey, ActualResource> actual = Map.of(read.resources().get(0).key(), read.resources().get(0));
        assertThat(connector.checkEnrollments(new DesiredState(Map.of(), List.of(enrollment(List.of("ODA Macs"), List.of()))), actual))
                .filteredOn(c -> c.name().equals(JamfEnrollmentChecks.LEVEL)).singleElement()
                .extracting(CheckResult::status).isEqualTo(CheckResult.Status.FAIL);
        assertThat(created.vendorId()).isNotBlank();
    }

    @Test
    void markedProfileIsAdoptedAndUnmarkedNamesakeIsOnlyReported() {
        JamfConnector connector = open(true);
        Resource desired = desired(connector, enrollment(List.of("ODA Macs"), List.of()));
        sandbox.jamf().seedProfile("scephub macos-jamf", "made by hand", "System", "");
        ReadResult unmarked = read(connector, enrollment(List.of("ODA Macs"), List.of()));
        assertThat(unmarked.resources()).isEmpty();
        assertThat(unmarked.notices()).anyMatch(n -> n.contains("no scephub marker"));
        assertThatThrownBy(() -> connector.create(desired)).isInstanceOf(VendorError.class)
                .hasMessageContaining("HTTP 409").hasMessageContaining("another profile already has this name");

        sandbox.reset();
        sandbox.jamf().seedProfile("scephub macos-jamf", "adopt me\n[scephub:jamf.configuration-profile/macos-jamf]", "System", "");
        // The 409 was a definite refusal, so lookups keep answering from the last listing; the next run lists again.
        assertThat(connector.findOwned(desired.key())).isEmpty();
        assertThat(open(true).findOwned(desired.key())).isPresent();
    }

    @Test
    void unknownGroupIsAClearError() {
        JamfConnector connector = open(true);
        Resource desired = desired(connector, enrollment(List.of("No Such Group"), List.of()));
        assertThatThrownBy(() -> connector.create(desired)).isInstanceOf(VendorError.class)
                .hasMessageContaining("no computer group named \"No Such Group\"");
    }

    @Test
    void staticGroupInScopeGetsANotice() {
        JamfConnector connector = open(true);
        connector.create(desired(connector, enrollment(List.of("Finance Static"), List.of())));
        assertThat(read(connector, enrollment(List.of("Finance Static"), List.of())).notices()).anyMatch(n -> n.contains("static group \"Finance Static\""));
    }

    /** The keys of Apple's com.apple.security.scep PayloadContent (apple/device-management mdm/profiles/com.apple.security.scep.yaml). */
    private static final Set<String> APPLE_SCEP_KEYS = Set.of("URL", "Name", "Subject", "Challenge", "Keysize", "Key Type",
            "Key Usage", "CAFingerprint", "Retries", "RetryDelay", "KeyIsExtractable", "AllowAllAppsAccess", "SubjectAltName");

    @Test
    void theProfileCarriesOnlyApplesScepKeysAndNoOktaCredential() throws Exception {
        JamfConnector connector = open(true);
        connector.create(desired(connector, enrollment(List.of("ODA Macs"), List.of())));
        String payloads = JamfMobileconfig.normalised(sandbox.jamf().profile("scephub macos-jamf").orElseThrow().payloads());
        com.dd.plist.NSDictionary top = (com.dd.plist.NSDictionary) com.dd.plist.PropertyListParser.parse(
                payloads.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        com.dd.plist.NSDictionary scep = (com.dd.plist.NSDictionary) ((com.dd.plist.NSArray) top.objectForKey("PayloadContent"))
                .objectAtIndex(0);
        com.dd.plist.NSDictionary content = (com.dd.plist.NSDictionary) scep.objectForKey("PayloadContent");

        assertThat(content.allKeys()).isSubsetOf(APPLE_SCEP_KEYS).doesNotContain("Challenge");
        assertThat(payloads).doesNotContain("Challenge Type").doesNotContain("URL To SCEP Admin").doesNotContain("Password")
                .doesNotContain("okta-a1b2c3").doesNotContain("/challenge").doesNotContain(CANARY_PASSWORD);
    }

    @Test
    void jamfRerenderingTheScepPayloadLosesNothingScephubWrote() {
        sandbox.jamf().rerenderScepPayloads(true);
        JamfConnector connector = open(true);
        Resource desired = desired(connector, enrollment(List.of("ODA Macs"), List.of()));

        ActualResource created = connector.create(desired);

        assertThat(diff(desired, created)).isEmpty();
        ReadResult read = read(connector, enrollment(List.of("ODA Macs"), List.of()));
        assertThat(read.problems()).isEmpty();
        assertThat(read.resources()).filteredOn(r -> r.key().kind().equals(JamfConnector.KIND)).singleElement()
                .satisfies(r -> assertThat(diff(desired, r)).isEmpty());
    }

    @Test
    void theScepChallengeWebhookIsRegisteredOnceOwnedByNameAndUrlAndChecked() {
        JamfConnector connector = open(true);
        EnrollmentSpec enrollment = enrollment(List.of("ODA Macs"), List.of());
        List<Resource> resources = connector.desiredResources(new DesiredState(Map.of(), List.of(enrollment)));
        Resource hook = resources.stream().filter(r -> r.key().kind().equals("jamf.webhook")).findFirst().orElseThrow();
        assertThat(hook.attributes()).containsEntry("event", "SCEPChallenge").containsEntry("url", HOOK_URL)
                .containsEntry("authenticationType", "BASIC").containsEntry("contentType", "application/json");
        long foreign = sandbox.jamf().seedWebhook("scephub SCEPChallenge", "https://elsewhere.example.com/hook", "SCEPChallenge");
        assertThat(read(connector, enrollment).resources()).noneMatch(r -> r.key().kind().equals("jamf.webhook"));
        assertThat(read(connector, enrollment).notices()).anyMatch(n -> n.contains("points at another URL"));

        ActualResource created = connector.create(hook);

        assertThat(diff(hook, created)).isEmpty();
        JamfSimulator.Webhook stored = sandbox.jamf().webhooks().stream().filter(w -> w.id() != foreign).findFirst().orElseThrow();
        assertThat(stored.password()).isEqualTo(CANARY_PASSWORD);
        assertThat(stored.username()).isEqualTo("jamf-webhook");
        assertThat(created.toString()).doesNotContain(CANARY_PASSWORD);
        ReadResult read = read(connector, enrollment);
        ActualResource actual = read.resources().stream().filter(r -> r.key().kind().equals("jamf.webhook")).findFirst().orElseThrow();
        assertThat(diff(hook, actual)).isEmpty();
        assertThat(connector.findOwned(hook.key())).isPresent();
        ActualResource profile = connector.create(desired(connector, enrollment));
        assertThat(connector.checkEnrollments(new DesiredState(Map.of(), List.of(enrollment)),
                Map.of(actual.key(), actual, profile.key(), profile)))
                .filteredOn(c -> c.name().equals(JamfEnrollmentChecks.WEBHOOK)).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(CheckResult.Status.PASS));
        assertThat(connector.checkEnrollments(new DesiredState(Map.of(), List.of(enrollment)), Map.of(profile.key(), profile)))
                .filteredOn(c -> c.name().equals(JamfEnrollmentChecks.WEBHOOK)).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(CheckResult.Status.FAIL));

        connector.delete(actual);
        assertThat(sandbox.jamf().webhooks()).extracting(JamfSimulator.Webhook::id).containsExactly(foreign);
    }

    @Test
    void tokenIsFetchedOnceAndReused() {
        JamfConnector connector = open(true);
        connector.read(ReadRequest.nothing());
        connector.read(ReadRequest.nothing());
        assertThat(sandbox.jamf().tokensIssued()).isEqualTo(1);
    }

    // ----- CertificateFleet -----------------------------------------------------------------------

    private static EnrollmentSpec renewing(List<String> include) {
        EnrollmentSpec e = enrollment(include, List.of());
        return new EnrollmentSpec(e.name(), e.platform(), e.mdm(), e.challenge(), e.ca(), e.certificate(), e.groups(),
                Optional.of(new RenewalPolicy(Duration.ofDays(30))), Optional.empty());
    }

    private static RenewalForecast forecastAt(JamfConnector connector, EnrollmentSpec enrollment, ActualResource profile,
                                              Instant now) {
        return new RenewalPlanner(Clock.fixed(now, java.time.ZoneOffset.UTC)).forecast(List.of(new EnrollmentFleet(enrollment,
                profile, connector.fleet(profile), connector.redistributionBudget())), List.of());
    }

    @Test
    void certificateProfileIsTheEnrollmentsJamfProfileOnlyForJamfEnrollments() {
        JamfConnector connector = open(true);
        EnrollmentSpec enrollment = renewing(List.of("ODA Macs"));
        assertThat(connector.certificateProfile(enrollment)).contains(new ResourceKey(JamfConnector.KIND, "macos-jamf"));
        EnrollmentSpec intune = new EnrollmentSpec("win", Platform.WINDOWS, "intune", ChallengeType.DYNAMIC, new CaSpec.OktaCa(),
                enrollment.certificate(), enrollment.groups(), enrollment.renewal(), Optional.empty());
        assertThat(connector.certificateProfile(intune)).isEmpty();
    }

    @Test
    void withoutInstalledComputersTheFleetComesFromTheDeploymentHistoryAndIsDueAfterTheClockMoves() {
        JamfConnector connector = open(true);
        // The static group has no computers, so no computer reports the profile installed.
        EnrollmentSpec enrollment = renewing(List.of("Finance Static"));
        Instant before = Instant.now();
        ActualResource profile = connector.create(desired(connector, enrollment));

        FleetSnapshot snapshot = connector.fleet(profile);
        assertThat(snapshot.devices()).isEmpty();
        assertThat(snapshot.deployedAt()).get().satisfies(at -> assertThat(at).isBetween(before.minusSeconds(1), Instant.now()));
        assertThat(snapshot.lastRedistributedAt()).isEmpty();
        // The recorded deployment is no drift: the resource still matches what scephub wants.
        assertThat(diff(desired(connector, enrollment), read(connector, enrollment).resources().get(0))).isEmpty();

        assertThat(forecastAt(connector, enrollment, profile, Instant.now().plus(Duration.ofDays(300))).due()).isEmpty();
        RenewalForecast later = forecastAt(connector, enrollment, profile, Instant.now().plus(Duration.ofDays(340)));
        assertThat(later.due()).singleElement().satisfies(r -> assertThat(r.profile()).isEqualTo(profile.key()));
        assertThat(later.waves()).allSatisfy(w -> assertThat(w.source()).isEqualTo(ExpiryWave.Source.DEPLOYMENT_HISTORY));
    }

    @Test
    void installedComputersReportWhenTheyLastInstalledTheProfile() {
        JamfConnector connector = open(true);
        ActualResource profile = connector.create(desired(connector, renewing(List.of("ODA Macs"))));
        long id = Long.parseLong(profile.vendorId());
        FleetSnapshot snapshot = connector.fleet(profile);
        // Only the healthy computer installs profiles; the broken one is in scope but never reports it.
        assertThat(snapshot.devices()).singleElement().satisfies(d -> {
            assertThat(d.deviceName()).isEqualTo(JamfSimulator.HEALTHY_COMPUTER);
            assertThat(d.serialNumber()).contains("C02HEALTHY01");
            assertThat(d.lastDelivery()).isEqualTo(sandbox.jamf().lastInstalled(id, JamfSimulator.HEALTHY_COMPUTER));
        });
    }

    @Test
    void redistributeSendsAllWithTheMarkerAndIsNotPlannedAgainOnceRecorded() {
        JamfConnector connector = open(true);
        EnrollmentSpec enrollment = renewing(List.of("ODA Macs"));
        ActualResource profile = connector.create(desired(connector, enrollment));
        long id = Long.parseLong(profile.vendorId());
        String payloadsBefore = sandbox.jamf().profile("scephub macos-jamf").orElseThrow().payloads();
        Instant now = Instant.now().plus(Duration.ofDays(340));
        List<Redistribution> due = forecastAt(connector, enrollment, profile, now).due();
        assertThat(due).singleElement().satisfies(r -> assertThat(r.devices()).isEqualTo(1));

        connector.redistribute(profile, due.get(0));
        JamfSimulator.Profile stored = sandbox.jamf().profile("scephub macos-jamf").orElseThrow();
        // Jamf reads "All" back as "Newly Assigned"; it is never compared, so it is no drift.
        assertThat(stored.redeployOnUpdate()).isEqualTo("Newly Assigned");
        assertThat(stored.description()).contains("[scephub-redistributed:" + now + "]")
                .endsWith("[scephub:jamf.configuration-profile/macos-jamf]");
        // The payloads are not sent (never resubmitted as read), so identity and password stay; the scope stays.
        assertThat(stored.payloads()).isEqualTo(payloadsBefore);
        assertThat(stored.includedGroups()).extracting(JamfSimulator.Group::name).containsExactly("ODA Macs");
        assertThat(sandbox.jamf().redeployedAt(id)).isPresent();
        assertThat(connector.fleet(profile).lastRedistributedAt()).contains(now);

        assertThat(forecastAt(connector, enrollment, profile, now.plusSeconds(60)).due()).isEmpty();
        Instant redeployed = sandbox.jamf().redeployedAt(id).orElseThrow();
        connector.redistribute(profile, due.get(0));
        assertThat(sandbox.jamf().redeployedAt(id)).contains(redeployed);

        // The next ordinary update asks for "Newly Assigned" again and keeps the record.
        ActualResource read = read(connector, enrollment).resources().get(0);
        assertThat(diff(desired(connector, enrollment), read)).isEmpty();
        Resource changed = desired(connector, enrollment(List.of("ODA Pilot Macs"), List.of()));
        connector.update(changed, read, diff(changed, read));
        JamfSimulator.Profile after = sandbox.jamf().profile("scephub macos-jamf").orElseThrow();
        assertThat(after.redeployOnUpdate()).isEqualTo("Newly Assigned");
        assertThat(after.description()).contains("[scephub-redistributed:" + now + "]");
    }

    static EnrollmentSpec named(String name, String subject, List<String> include) {
        CertificateSpec certificate = new CertificateSpec(subject, List.of(), 2048, "sha256",
                Set.of(KeyUsage.DIGITAL_SIGNATURE), List.of(ExtendedKeyUsage.CLIENT_AUTH), Period.ofYears(1), 20);
        return new EnrollmentSpec(name, Platform.MACOS, "jamf", ChallengeType.DYNAMIC, new CaSpec.OktaCa(), certificate,
                new GroupScope(include, List.of()), Optional.empty(), Optional.empty());
    }

    @Test
    void valuesWithAmpersandsSurviveJamfsExtraDecodingAndCompareEqualAfterItsExtraEntityLayer() {
        JamfConnector connector = open(true);
        EnrollmentSpec enrollment = named("macos-jamf", "CN=$COMPUTERNAME,O=Smith & Sons <EU>", List.of("ODA Macs"));
        Resource desired = desired(connector, enrollment);

        ActualResource created = connector.create(desired);

        assertThat(sandbox.jamf().profile("scephub macos-jamf").orElseThrow().payloads()).contains("Smith &amp;amp; Sons");
        assertThat(diff(desired, created)).isEmpty();
        ActualResource read = read(connector, enrollment).resources().get(0);
        assertThat(read.attributes().get("subject")).isEqualTo("CN=$COMPUTERNAME,O=Smith & Sons <EU>");
        assertThat(diff(desired, read)).isEmpty();
        Resource changed = desired(connector, named("macos-jamf", "CN=$COMPUTERNAME,O=Smith & Sons <EU>",
                List.of("ODA Pilot Macs")));
        ActualResource updated = connector.update(changed, read, diff(changed, read));
        assertThat(diff(changed, updated)).isEmpty();
        assertThat(sandbox.jamf().profile("scephub macos-jamf").orElseThrow().payloads()).doesNotContain(CANARY_PASSWORD);
    }

    @Test
    void unknownGroupNamesAreDesiredStateProblemsFromRead() {
        JamfConnector connector = open(true);
        EnrollmentSpec enrollment = enrollment(List.of("ODA Macs", "oda pilot macs"),
                List.of("No Such Group"));

        ReadResult read = read(connector, enrollment);

        assertThat(read.problems()).extracting(p -> p.field()).containsExactly("groups.include[1]", "groups.exclude[0]");
        assertThat(read.problems().get(0).message()).contains("'oda pilot macs'").contains("did you mean 'ODA Pilot Macs'");
        assertThat(read.problems().get(1).message()).contains("Jamf has no computer group named 'No Such Group'");
    }

    /** Jamf requests of a first apply of n enrollments: desired, read, then per enrollment lookup and create. */
    private static int firstApplyRequests(int n) {
        sandbox.reset();
        JamfConnector connector = open(true);
        List<EnrollmentSpec> enrollments = java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> named("mac-" + i, "CN=$COMPUTERNAME", List.of("ODA Macs"))).toList();
        DesiredState state = new DesiredState(Map.of(), enrollments);
        List<Resource> desired = connector.desiredResources(state);
        connector.read(new ReadRequest(state, desired));
        for (EnrollmentSpec e : enrollments) {
            Resource d = desired(connector, e);
            assertThat(connector.findOwned(d.key())).isEmpty();
            connector.create(d);
        }
        assertThat(desired).filteredOn(r -> r.key().kind().equals(JamfConnector.KIND)).hasSize(n);
        assertThat(desired).filteredOn(r -> r.key().kind().equals("jamf.webhook")).hasSize(1);
        return sandbox.requests().of(io.scephub.sandbox.Vendor.JAMF).size();
    }

    @Test
    void aFirstApplyCostsTheSameRequestsPerEnrollmentAtOneAndTwentyEnrollments() {
        int one = firstApplyRequests(1);
        int two = firstApplyRequests(2);
        int twenty = firstApplyRequests(20);

        int perEnrollment = two - one;
        assertThat(perEnrollment).as("POST and the read-back GET").isEqualTo(2);
        assertThat(twenty).isEqualTo(one + 19 * perEnrollment);
    }

    @Test
    void triageFindsTheHealthyComputerWithTheProfileAndTheBrokenOneWithout() {
        JamfConnector connector = open(true);
        EnrollmentSpec enrollment = enrollment(List.of("ODA Macs"), List.of());
        assertThat(connector.deviceStatus(JamfSimulator.HEALTHY_COMPUTER, enrollment)).get()
                .extracting(DeviceProfileStatus::state).isEqualTo(DeliveryState.PROFILE_MISSING);
        connector.create(desired(connector, enrollment));
        assertThat(connector.deviceStatus(JamfSimulator.HEALTHY_COMPUTER, enrollment)).get()
                .extracting(DeviceProfileStatus::state).isEqualTo(DeliveryState.INSTALLED);
        assertThat(connector.deviceStatus("C02BROKEN002", enrollment)).get()
                .satisfies(s -> assertThat(s.deviceName()).isEqualTo(JamfSimulator.BROKEN_COMPUTER))
                .extracting(DeviceProfileStatus::state).isEqualTo(DeliveryState.NO_STATUS);
        assertThat(connector.deviceStatus("NO-SUCH-MAC", enrollment)).isEmpty();
    }

    @Test
    void secretsNeverAppearInLogsOrErrors() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        try {
            JamfConnector connector = open(true);
            Resource desired = desired(connector, enrollment(List.of("ODA Macs"), List.of()));
            ActualResource created = connector.create(desired);
            Throwable duplicate = org.assertj.core.api.Assertions.catchThrowable(() -> connector.create(desired));
            assertThat(duplicate).isNotNull();
            assertThat(duplicate.getMessage()).doesNotContain(CANARY_SECRET).doesNotContain(CANARY_PASSWORD);
            assertThat(created.toString()).doesNotContain(CANARY_PASSWORD);
            assertThat(appender.list).allSatisfy(e -> assertThat(e.getFormattedMessage())
                    .doesNotContain(CANARY_SECRET).doesNotContain(CANARY_PASSWORD));
        } finally {
            root.detachAppender(appender);
        }
    }
}
