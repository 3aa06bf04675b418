package io.scephub.workspaceone;

import io.scephub.core.spi.ReadRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.core.check.CheckResult;
import io.scephub.core.check.DeliveryState;
import io.scephub.core.check.DeviceProfileStatus;
import io.scephub.core.error.VendorError;
import io.scephub.core.http.ResilientVendorHttp;
import io.scephub.core.http.VendorHttp;
import io.scephub.core.model.CaSpec;
import io.scephub.core.model.CertificateSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.GroupScope;
import io.scephub.core.model.KeyUsage;
import io.scephub.core.model.Platform;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.DesiredStateProblem;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.spi.ConnectorContext;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.Fault;
import io.scephub.sandbox.RecordedRequest;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import io.scephub.sandbox.WorkspaceOneOptions;
import io.scephub.sandbox.Vendor;
import io.scephub.sandbox.WorkspaceOneSimulator;
import java.time.Clock;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The connector against the sandbox's Workspace ONE simulator, through the real resilient HTTP layer. */
class WorkspaceOneConnectorTest {
    private static final String CANARY_CLIENT_ID = "canary-ws1-client-5b1e";
    private static final String CANARY_CLIENT_SECRET = "canary-ws1-secret-8c2f9d";
    private static final String CANARY_API_KEY = "canary-ws1-apikey-3a7e41";
    private static final String SCEP_URL = "https://example.okta.com/pki/abc/scep/rac123";
    private static Sandbox sandbox;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private WorkspaceOneConnector connector;
    /** The desired state last expanded: what the engine would ask the next read for. */
    private DesiredState expanded;

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(() -> SandboxOptions.builder()
                .workspaceOne(new WorkspaceOneOptions(CANARY_CLIENT_ID, CANARY_CLIENT_SECRET, CANARY_API_KEY, 0, 0)).build());

    @BeforeAll
    static void start(Sandbox started) {
        sandbox = started;
    }

    @BeforeEach
    void open() {
        sandbox.reset();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        connector = open(Map.of());
    }

    @AfterEach
    void detach() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    private static WorkspaceOneConnector open(Map<String, Object> extra) {
        Map<String, Object> values = new LinkedHashMap<>(Map.of(
                "url", sandbox.workspaceOneBaseUrl(), "tokenUrl", sandbox.workspaceOneTokenUrl(),
                "clientId", new SecretRef(SecretRef.Source.ENV, "WS1_CLIENT_ID"),
                "clientSecret", new SecretRef(SecretRef.Source.ENV, "WS1_CLIENT_SECRET"),
                "apiKey", new SecretRef(SecretRef.Source.ENV, "WS1_API_KEY"),
                "organizationGroup", WorkspaceOneSimulator.SEED_ORGANIZATION_GROUP));
        values.putAll(extra);
        return (WorkspaceOneConnector) new WorkspaceOneConnectorProvider().open(
                new ConnectorSettings("workspaceone", "mdm.workspaceone", values), new SandboxContext());
    }

    @Test
    void createsReadsUpdatesAndDeletesAProfileWithTheMarker() {
        Resource desired = desired(List.of(WorkspaceOneSimulator.SEED_SMART_GROUP), List.of());
        ActualResource created = connector.create(desired);

        assertThat(created.attributes()).isEqualTo(desired.attributes());
        JsonNode stored = vendorProfile(created.vendorId());
        assertThat(stored.path("General").path("Description").asText()).endsWith("[scephub:workspaceone.credential-profile/windows-ws1]")
                .contains(SCEP_URL);
        assertThat(stored.path("Scep").path("certificateAuthorityId").asLong()).isEqualTo(12);
        assertThat(stored.path("Scep").path("certificateTemplateId").asLong()).isEqualTo(31);
        assertThat(stored.has("Credentials")).isFalse();
        assertThat(stored.path("General").path("AllowRemoval").asText()).isEqualTo("Never");

        ReadResult read = read();
        assertThat(read.resources()).singleElement().satisfies(a -> assertThat(a.attributes()).isEqualTo(desired.attributes()));

        Resource changed = desired(List.of(WorkspaceOneSimulator.SEED_SMART_GROUP, "Kiosks WS1"), List.of("All Corporate Devices"));
        ActualResource updated = connector.update(changed, created, List.of(new AttributeChange("assignedSmartGroups",
                Optional.of(created.attributes().get("assignedSmartGroups")), Optional.of(changed.attributes().get("assignedSmartGroups")))));
        assertThat(updated.vendorId()).isEqualTo(created.vendorId());
        assertThat(updated.attributes().get("assignedSmartGroups")).isEqualTo(List.of("Kiosks WS1", "ODA Windows WS1"));
        assertThat(updated.attributes().get("excludedSmartGroups")).isEqualTo(List.of("All Corporate Devices"));
        assertThat(vendorProfile(created.vendorId()).path("General").path("Version").asInt()).isEqualTo(2);

        connector.delete(updated);
        connector.delete(updated);
        assertThat(read().resources()).isEmpty();
        assertThat(sandbox.workspaceOne().profiles()).extracting(p -> p.path("General").path("Name").asText())
                .containsExactly("Corp Wi-Fi");
    }

    @Test
    void anUpdateKeepsThePayloadChangeBecauseItAsksForANewVersionInsideGeneral() {
        ActualResource created = connector.create(desired(List.of(WorkspaceOneSimulator.SEED_SMART_GROUP), List.of()));
        Resource moved = desired(List.of(WorkspaceOneSimulator.SEED_SMART_GROUP), List.of());
        Map<String, Object> attributes = new LinkedHashMap<>(moved.attributes());
        attributes.put("oktaScepUrl", SCEP_URL + "-rotated");

        ActualResource updated = connector.update(moved.withAttributes(attributes), created, List.of(new AttributeChange("oktaScepUrl",
                Optional.of(SCEP_URL), Optional.of(SCEP_URL + "-rotated"))));

        assertThat(updated.attributes().get("oktaScepUrl")).isEqualTo(SCEP_URL + "-rotated");
        assertThat(vendorProfile(created.vendorId()).path("General").path("Description").asText()).contains(SCEP_URL + "-rotated");
        assertThat(vendorProfile(created.vendorId()).path("General").path("Version").asInt()).isEqualTo(2);
    }

    @Test
    void unknownSmartGroupNamesAreReportedByReadAsProblemsAtTheirPlaceInTheEnrollment() {
        EnrollmentSpec enrollment = new EnrollmentSpec("windows-ws1", Platform.WINDOWS, "workspaceone", ChallengeType.STATIC,
                new CaSpec.OktaCa(), certificate(), new GroupScope(List.of(WorkspaceOneSimulator.SEED_SMART_GROUP, "No Such Group"),
                List.of("ODA Windows")), Optional.empty(), Optional.empty());
        sandbox.workspaceOne().addSmartGroup("Kiosks WS1");
        EnrollmentSpec twice = new EnrollmentSpec("kiosks", Platform.WINDOWS, "workspaceone", ChallengeType.STATIC,
                new CaSpec.OktaCa(), certificate(), new GroupScope(List.of("Kiosks WS1"), List.of()), Optional.empty(), Optional.empty());
        expanded = new DesiredState(Map.of(), List.of(enrollment, twice));

        ReadResult read = read();

        assertThat(read.problems()).extracting(DesiredStateProblem::enrollment, DesiredStateProblem::field).containsExactly(
                tuple("windows-ws1", "groups.include[1]"), tuple("windows-ws1", "groups.exclude[0]"), tuple("kiosks", "groups.include[0]"));
        assertThat(read.problems().get(0).message()).contains("\"No Such Group\" not found");
        assertThat(read.problems().get(1).message()).contains("\"ODA Windows WS1\"").contains("\"ODA Windows WS1 Pilot\"");
        assertThat(read.problems().get(2).message()).contains("2 smart groups named \"Kiosks WS1\"");

        expanded = new DesiredState(Map.of(), List.of(enrollment()));
        assertThat(read().problems()).isEmpty();
    }

    @Test
    void oneReadListsProfilesSmartGroupsAndPicklistsOnceAndFindOwnedAnswersFromIt() {
        List<String> names = List.of("a", "b", "c");
        for (String name : names) {
            connector.create(desired(name, List.of(WorkspaceOneSimulator.SEED_SMART_GROUP, "Kiosks WS1"), List.of("All Corporate Devices")));
        }
        sandbox.requests().clear();

        assertThat(read().resources()).hasSize(3);
        List<RecordedRequest> read = sandbox.requests().of(Vendor.WORKSPACEONE);
        assertThat(read).filteredOn(r -> r.path().endsWith("/smartgroups/search")).hasSize(1);
        assertThat(read).filteredOn(r -> r.path().endsWith("/profiles/search")).hasSize(1);
        assertThat(read).filteredOn(r -> r.path().endsWith("/certificateauthorities")).hasSize(1);
        assertThat(read).filteredOn(r -> r.path().endsWith("/certificatetemplates")).hasSize(1);
        // One GET per Windows Desktop profile of the organization group: the three and the console-made one.
        assertThat(read).filteredOn(r -> r.method().equals("GET") && r.path().matches("/API/mdm/profiles/\\d+")).hasSize(4);

        sandbox.requests().clear();
        for (String name : names) {
            assertThat(connector.findOwned(new ResourceKey(WorkspaceOneConnector.KIND_PROFILE, name))).isPresent();
        }
        assertThat(connector.findOwned(new ResourceKey(WorkspaceOneConnector.KIND_PROFILE, "windows-ws1"))).isEmpty();
        assertThat(sandbox.requests().of(Vendor.WORKSPACEONE)).isEmpty();
    }

    @Test
    void smartGroupsBeyondTheFirstPageOf500AreFound() {
        for (int i = 0; i < 520; i++) {
            sandbox.workspaceOne().addSmartGroup(String.format("Bulk %03d", i));
        }
        expanded = new DesiredState(Map.of(), List.of(new EnrollmentSpec("windows-ws1", Platform.WINDOWS,
                "workspaceone", ChallengeType.STATIC, new CaSpec.OktaCa(), certificate(), new GroupScope(List.of("Bulk 519"),
                List.of()), Optional.empty(), Optional.empty())));
        sandbox.requests().clear();

        assertThat(read().problems()).isEmpty();
        assertThat(sandbox.requests().of(Vendor.WORKSPACEONE)).filteredOn(r -> r.path().endsWith("/smartgroups/search"))
                .extracting(RecordedRequest::query).containsExactly("page=0&pagesize=500", "page=1&pagesize=500");
    }

    @Test
    void aCreateWithAnUnknownOutcomeMakesTheNextLookUpListAgainAndAdoptTheProfile() {
        Resource desired = desired(List.of(WorkspaceOneSimulator.SEED_SMART_GROUP), List.of());
        read();
        sandbox.faults().nextN(Vendor.WORKSPACEONE, 1, Fault.status(500));
        assertThatThrownBy(() -> connector.create(desired)).isInstanceOf(VendorError.class);
        // As if UEM had made it before the 500: another client creates it.
        ActualResource made = open(Map.of()).create(desired);
        sandbox.requests().clear();

        assertThat(connector.findOwned(desired.key())).hasValueSatisfying(a -> assertThat(a.vendorId()).isEqualTo(made.vendorId()));
        assertThat(sandbox.requests().of(Vendor.WORKSPACEONE)).filteredOn(r -> r.path().endsWith("/profiles/search")).hasSize(1);

        sandbox.requests().clear();
        assertThat(connector.findOwned(desired.key())).isPresent();
        assertThat(sandbox.requests().of(Vendor.WORKSPACEONE)).isEmpty();
    }

    @Test
    void aCreateRefusedWithA400DoesNotMakeTheNextLookUpListAgain() {
        sandbox.workspaceOne().addSmartGroup("Extra");
        Resource desired = desired(List.of("Extra"), List.of());
        read();
        sandbox.faults().nextN(Vendor.WORKSPACEONE, 1, Fault.status(400));
        assertThatThrownBy(() -> connector.create(desired)).isInstanceOf(VendorError.class);
        sandbox.requests().clear();

        assertThat(connector.findOwned(desired.key())).isEmpty();
        assertThat(sandbox.requests().of(Vendor.WORKSPACEONE)).isEmpty();
    }

    @Test
    void nestedPicklistsAreReadLikeFlatOnes() {
        sandbox.workspaceOne().nestPicklists(true);

        ActualResource created = connector.create(desired(List.of(WorkspaceOneSimulator.SEED_SMART_GROUP), List.of()));

        assertThat(created.attributes().get("certificateAuthority")).isEqualTo(WorkspaceOneSimulator.SEED_CERTIFICATE_AUTHORITY);
        assertThat(created.attributes().get("certificateTemplate")).isEqualTo(WorkspaceOneSimulator.SEED_CERTIFICATE_TEMPLATE);
    }

    @Test
    void smartGroupsAreMatchedExactlyAlthoughTheSearchMatchesPartially() {
        ActualResource created = connector.create(desired(List.of(WorkspaceOneSimulator.SEED_SMART_GROUP), List.of()));

        assertThat(vendorProfile(created.vendorId()).path("General").path("AssignedSmartGroups"))
                .extracting(g -> g.path("Name").asText()).containsExactly("ODA Windows WS1");
        assertThatThrownBy(() -> connector.create(desired(List.of("ODA Windows"), List.of())))
                .isInstanceOf(WorkspaceOneSetupError.class)
                .hasMessageContaining("smart group \"ODA Windows\" not found")
                .hasMessageContaining("\"ODA Windows WS1 Pilot\"");
    }

    @Test
    void twoSmartGroupsWithTheSameNameAreAnErrorNamingThem() {
        sandbox.workspaceOne().addSmartGroup("Kiosks WS1");

        assertThatThrownBy(() -> connector.create(desired(List.of("Kiosks WS1"), List.of())))
                .isInstanceOf(WorkspaceOneSetupError.class).hasMessageContaining("2 smart groups named \"Kiosks WS1\"");
    }

    @Test
    void aMissingCertificateAuthoritySaysWhatToCreateInTheConsole() {
        sandbox.workspaceOne().removeCertificateAuthority(WorkspaceOneSimulator.SEED_CERTIFICATE_AUTHORITY);

        assertThatThrownBy(() -> connector.create(desired(List.of(WorkspaceOneSimulator.SEED_SMART_GROUP), List.of())))
                .isInstanceOf(WorkspaceOneSetupError.class)
                .hasMessageContaining("no certificate authority named \"Okta ODA SCEP\"")
                .hasMessageContaining("Groups & Settings > All Settings > Enterprise Integration > Certificate Authorities")
                .hasMessageContaining(SCEP_URL)
                .hasMessageContaining("\"ODA Device\"");
        assertThat(sandbox.workspaceOne().profiles()).hasSize(1);
    }

    @Test
    void aMissingTemplateIsNamed() {
        WorkspaceOneConnector other = open(Map.of("certificateTemplate", "Laptops"));

        Resource desired = desired(List.of(WorkspaceOneSimulator.SEED_SMART_GROUP), List.of());
        Map<String, Object> attributes = new LinkedHashMap<>(desired.attributes());
        attributes.put("certificateTemplate", "Laptops");

        assertThatThrownBy(() -> other.create(desired.withAttributes(attributes)))
                .isInstanceOf(WorkspaceOneSetupError.class).hasMessageContaining("no template named \"Laptops\"");
    }

    @Test
    void aProfileIsManagedOnlyOnceItCarriesTheMarker() {
        ActualResource created = connector.create(desired(List.of(WorkspaceOneSimulator.SEED_SMART_GROUP), List.of()));
        // An admin strips the marker: the profile is no longer scephub's, and the notice says how to adopt it.
        String id = created.vendorId();
        setDescription(id, "made by hand");
        ReadResult unmarked = read();
        assertThat(unmarked.resources()).isEmpty();
        assertThat(unmarked.notices()).singleElement().asString().contains("scephub windows-ws1").contains("add the line");
        assertThat(connector.findOwned(created.key())).isEmpty();

        setDescription(id, "made by hand\n[scephub:workspaceone.credential-profile/windows-ws1]");
        assertThat(read().resources()).singleElement().satisfies(a -> assertThat(a.vendorId()).isEqualTo(id));
        assertThat(connector.findOwned(created.key())).hasValueSatisfying(a -> assertThat(a.vendorId()).isEqualTo(id));
    }

    @Test
    void theSeededDevicesReportInstalledAndFailed() {
        connector.create(desired(List.of(WorkspaceOneSimulator.SEED_SMART_GROUP), List.of()));

        assertThat(connector.deviceStatus(WorkspaceOneSimulator.HEALTHY_SERIAL, enrollment()))
                .map(DeviceProfileStatus::state).hasValue(DeliveryState.INSTALLED);
        assertThat(connector.deviceStatus(WorkspaceOneSimulator.BROKEN_SERIAL, enrollment()))
                .map(DeviceProfileStatus::state).hasValue(DeliveryState.FAILED);
        assertThat(connector.deviceStatus("NO-SUCH-SERIAL", enrollment())).isEmpty();
    }

    @Test
    void enrollmentCheckFailsWithTheConsoleStepWhenTheAuthorityIsMissing() {
        sandbox.workspaceOne().removeCertificateAuthority(WorkspaceOneSimulator.SEED_CERTIFICATE_AUTHORITY);
        DesiredState state = new DesiredState(Map.of(), List.of(enrollment()));

        List<CheckResult> results = connector.checkEnrollments(state, Map.of());

        assertThat(results).filteredOn(r -> r.name().equals("workspaceone.certificate-authority")).singleElement()
                .satisfies(r -> {
                    assertThat(r.status()).isEqualTo(CheckResult.Status.FAIL);
                    assertThat(r.nextStep()).contains("Enterprise Integration > Certificate Authorities");
                });
        assertThat(results).filteredOn(r -> r.name().equals("workspaceone.smart-groups")).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(CheckResult.Status.PASS));
    }

    @Test
    void wrongCredentialsGiveAVendorErrorWithoutTheSecrets() {
        WorkspaceOneConnector wrong = (WorkspaceOneConnector) new WorkspaceOneConnectorProvider().open(
                new ConnectorSettings("workspaceone", "mdm.workspaceone", Map.of(
                        "url", sandbox.workspaceOneBaseUrl(), "tokenUrl", sandbox.workspaceOneTokenUrl(),
                        "clientId", new SecretRef(SecretRef.Source.ENV, "WS1_CLIENT_ID"),
                        "clientSecret", new SecretRef(SecretRef.Source.ENV, "WRONG"),
                        "apiKey", new SecretRef(SecretRef.Source.ENV, "WS1_API_KEY"),
                        "organizationGroup", "Corp")), new SandboxContext());

        assertThatThrownBy(() -> wrong.read(ReadRequest.nothing())).isInstanceOf(VendorError.class).hasMessageContaining("invalid_client")
                .satisfies(e -> assertThat(((VendorError) e).vendor()).isEqualTo("workspaceone"))
                .message().doesNotContain(CANARY_CLIENT_SECRET);
    }

    @Test
    void noLogLineShowsTheClientSecretTheApiKeyOrTheAccessToken() {
        ActualResource created = connector.create(desired(List.of(WorkspaceOneSimulator.SEED_SMART_GROUP), List.of()));
        read();
        connector.delete(created);

        assertThat(logs.list).isNotEmpty();
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            assertThat(line).doesNotContain(CANARY_CLIENT_SECRET).doesNotContain(CANARY_API_KEY);
        }
    }

    private void setDescription(String id, String description) {
        // Through the vendor API, as an admin's edit would arrive.
        WorkspaceOneConnector raw = connector;
        JsonNode profile = vendorProfile(id);
        ((com.fasterxml.jackson.databind.node.ObjectNode) profile.path("General")).put("Description", description);
        ((com.fasterxml.jackson.databind.node.ObjectNode) profile.path("General")).remove(List.of("Version", "ProfileUuid"));
        // Without it UEM would keep only the assignments of this edit.
        ((com.fasterxml.jackson.databind.node.ObjectNode) profile.path("General")).put("CreateNewVersion", true);
        raw.rest().send("PUT", raw.paths().updateProfile(), WorkspaceOnePaths.PROFILES_VERSION, profile);
    }

    private static JsonNode vendorProfile(String id) {
        return sandbox.workspaceOne().profiles().stream()
                .filter(p -> p.path("General").path("ProfileId").asText().equals(id)).findFirst().orElseThrow();
    }

    /** A read asked for what was last expanded, as the engine asks it. */
    private ReadResult read() {
        return connector.read(expanded == null ? ReadRequest.nothing() : ReadRequest.of(connector, expanded));
    }

    private Resource desired(List<String> include, List<String> exclude) {
        return desired("windows-ws1", include, exclude);
    }

    private Resource desired(String name, List<String> include, List<String> exclude) {
        EnrollmentSpec enrollment = new EnrollmentSpec(name, Platform.WINDOWS, "workspaceone", ChallengeType.STATIC,
                new CaSpec.OktaCa(), certificate(), new GroupScope(include, exclude), Optional.empty(), Optional.empty());
        expanded = new DesiredState(Map.of(), List.of(enrollment));
        Resource resource = connector.desiredResources(expanded).get(0);
        assertThat(resource.attributes().get("oktaScepUrl")).isInstanceOf(OutputRef.class);
        assertThat(resource.dependsOn()).contains(new ResourceKey("okta.scep-configuration", name));
        Map<String, Object> resolved = new LinkedHashMap<>(resource.attributes());
        resolved.put("oktaScepUrl", SCEP_URL);
        return resource.withAttributes(resolved);
    }

    private static EnrollmentSpec enrollment() {
        return new EnrollmentSpec("windows-ws1", Platform.WINDOWS, "workspaceone", ChallengeType.STATIC, new CaSpec.OktaCa(),
                certificate(), new GroupScope(List.of(WorkspaceOneSimulator.SEED_SMART_GROUP), List.of()), Optional.empty(),
                Optional.empty());
    }

    private static CertificateSpec certificate() {
        return new CertificateSpec("CN={DeviceUid}", List.of(), 2048, "sha256", Set.of(KeyUsage.DIGITAL_SIGNATURE), List.of(),
                Period.ofYears(1), 20);
    }

    /** Secrets by env name from the canaries; the real resilient, redacting HTTP layer. */
    private static final class SandboxContext implements ConnectorContext {
        private final VendorHttp http = new ResilientVendorHttp(Clock.systemUTC());

        @Override
        public Secret secret(SecretRef ref) {
            return Secret.of(switch (ref.name()) {
                case "WS1_CLIENT_ID" -> CANARY_CLIENT_ID;
                case "WS1_CLIENT_SECRET" -> CANARY_CLIENT_SECRET;
                case "WS1_API_KEY" -> CANARY_API_KEY;
                default -> "not-the-secret-" + ref.name();
            }, ref.toString());
        }

        @Override
        public VendorHttp http() {
            return http;
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }
    }
}
