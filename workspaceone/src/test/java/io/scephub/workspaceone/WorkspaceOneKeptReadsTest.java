package io.scephub.workspaceone;

import io.scephub.core.spi.ReadRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.core.testing.MutableClock;
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
import io.scephub.core.reads.InMemoryReadRecords;
import io.scephub.core.reads.KeptReads;
import io.scephub.core.reads.ReadRecord;
import io.scephub.core.reads.ReadReuse;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.spi.ConnectorContext;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.Fault;
import io.scephub.sandbox.RecordedRequest;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import io.scephub.sandbox.Vendor;
import io.scephub.sandbox.WorkspaceOneOptions;
import io.scephub.sandbox.WorkspaceOneSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Kept reads against the sandbox's Workspace ONE simulator: which profiles a read fetches, counted in its request journal. */
class WorkspaceOneKeptReadsTest {
    private static final String CANARY_CLIENT_ID = "canary-ws1-kept-client-61d0";
    private static final String CANARY_CLIENT_SECRET = "canary-ws1-kept-secret-e94a27";
    private static final String CANARY_API_KEY = "canary-ws1-kept-apikey-0c5b83";
    private static final String SCEP_URL = "https://example.okta.com/pki/abc/scep/rac123";
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static Sandbox sandbox;

    private final InMemoryReadRecords records = new InMemoryReadRecords();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<String> scopes = new ArrayList<>();
    /** Keeps nothing: seeds profiles and edits them as an admin would, through the vendor API. */
    private WorkspaceOneConnector admin;

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(() -> SandboxOptions.builder()
                .workspaceOne(new WorkspaceOneOptions(CANARY_CLIENT_ID, CANARY_CLIENT_SECRET, CANARY_API_KEY, 0, 0)).build());

    @BeforeAll
    static void start(Sandbox started) {
        sandbox = started;
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
        sandbox.faults().clear();
        admin = open(ReadReuse.none(), Map.of());
    }

    @Test
    void aSecondReadOnTheSameRecordsFetchesNoProfileAndReturnsTheSameResources() {
        List<String> ids = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            ids.add(admin.create(desired(admin, name, List.of(WorkspaceOneSimulator.SEED_SMART_GROUP))).vendorId());
        }
        String wifi = wifiId();
        sandbox.requests().clear();

        ReadResult first = kept(WINDOW).read(ReadRequest.nothing());

        assertThat(fetchedProfiles()).containsExactlyInAnyOrder(ids.get(0), ids.get(1), ids.get(2), wifi);
        assertThat(first.resources()).hasSize(3);
        assertThat(first.notices()).noneMatch(n -> n.contains("kept"));
        assertThat(records.all("workspaceone", scopes.get(0))).extracting(ReadRecord::vendorId)
                .containsExactlyInAnyOrder(ids.get(0), ids.get(1), ids.get(2), wifi);
        assertThat(records.all("workspaceone", scopes.get(0))).filteredOn(r -> r.owned().isEmpty())
                .extracting(ReadRecord::vendorId).containsExactly(wifi);
        assertThat(scopes.get(0)).contains(sandbox.workspaceOneBaseUrl().replaceAll("/$", ""))
                .contains(WorkspaceOneSimulator.SEED_ORGANIZATION_GROUP);
        sandbox.requests().clear();

        ReadResult second = kept(WINDOW).read(ReadRequest.nothing());

        assertThat(fetchedProfiles()).isEmpty();
        assertThat(sandbox.requests().of(Vendor.WORKSPACEONE)).filteredOn(r -> r.path().endsWith("/profiles/search")).hasSize(1);
        assertThat(second.resources()).containsExactlyInAnyOrderElementsOf(first.resources());
        assertThat(second.notices()).containsExactly("Workspace ONE: 4 of 4 profiles taken from reads kept within the last 10m "
                + "(UEM's profile search has no description or payload); 'scephub plan --refresh' reads them all");
    }

    @Test
    void aRenamedOrDeactivatedProfileIsFetchedAgainAndADeletedOneDisappears() {
        String renamed = admin.create(desired(admin, "a", List.of(WorkspaceOneSimulator.SEED_SMART_GROUP))).vendorId();
        String deactivated = admin.create(desired(admin, "b", List.of(WorkspaceOneSimulator.SEED_SMART_GROUP))).vendorId();
        ActualResource deleted = admin.create(desired(admin, "c", List.of(WorkspaceOneSimulator.SEED_SMART_GROUP)));
        kept(WINDOW).read(ReadRequest.nothing());
        edit(renamed, general -> general.put("Name", "scephub a (renamed)"));
        edit(deactivated, general -> general.put("IsActive", false));
        admin.delete(deleted);
        sandbox.requests().clear();

        ReadResult read = kept(WINDOW).read(ReadRequest.nothing());

        assertThat(fetchedProfiles()).containsExactlyInAnyOrder(renamed, deactivated);
        assertThat(read.resources()).extracting(ActualResource::vendorId).containsExactlyInAnyOrder(renamed, deactivated);
        assertThat(read.resources()).filteredOn(r -> r.vendorId().equals(renamed)).singleElement()
                .satisfies(r -> assertThat(r.attributes().get("name")).isEqualTo("scephub a (renamed)"));
        assertThat(read.resources()).filteredOn(r -> r.vendorId().equals(deactivated)).singleElement()
                .satisfies(r -> assertThat(r.attributes().get("active")).isEqualTo(false));
        assertThat(read.notices()).anyMatch(n -> n.startsWith("Workspace ONE: 1 of 3 profiles taken from reads kept"));
    }

    @Test
    void onceTheWindowHasPassedEveryProfileIsFetchedAgainAndAZeroWindowFetchesThemAll() {
        admin.create(desired(admin, "a", List.of(WorkspaceOneSimulator.SEED_SMART_GROUP)));
        admin.create(desired(admin, "b", List.of(WorkspaceOneSimulator.SEED_SMART_GROUP)));
        kept(WINDOW).read(ReadRequest.nothing());

        clock.advance(WINDOW.minusSeconds(1));
        sandbox.requests().clear();
        kept(WINDOW).read(ReadRequest.nothing());
        assertThat(fetchedProfiles()).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        sandbox.requests().clear();
        assertThat(kept(WINDOW).read(ReadRequest.nothing()).notices()).noneMatch(n -> n.contains("kept"));
        assertThat(fetchedProfiles()).hasSize(3);

        sandbox.requests().clear();
        ReadResult zero = kept(Duration.ZERO).read(ReadRequest.nothing());
        assertThat(fetchedProfiles()).hasSize(3);
        assertThat(zero.resources()).hasSize(2);
        assertThat(zero.notices()).noneMatch(n -> n.contains("kept"));
    }

    @Test
    void whatScephubWritesIsKeptUnderWhatTheNextSearchShowsAndADeleteDropsTheRecord() {
        WorkspaceOneConnector writer = kept(WINDOW);
        ActualResource created = writer.create(desired(writer, "a", List.of(WorkspaceOneSimulator.SEED_SMART_GROUP)));
        String wifi = wifiId();
        sandbox.requests().clear();

        ReadResult afterCreate = kept(WINDOW).read(ReadRequest.nothing());

        // The console-made profile was never read; the created one needs no GET.
        assertThat(fetchedProfiles()).containsExactly(wifi);
        assertThat(afterCreate.resources()).containsExactly(created);

        Resource changed = desired(writer, "a", List.of(WorkspaceOneSimulator.SEED_SMART_GROUP, "Kiosks WS1"));
        ActualResource updated = writer.update(changed, created, List.of(new AttributeChange("assignedSmartGroups",
                Optional.of(created.attributes().get("assignedSmartGroups")), Optional.of(changed.attributes().get("assignedSmartGroups")))));
        sandbox.requests().clear();

        ReadResult afterUpdate = kept(WINDOW).read(ReadRequest.nothing());

        assertThat(fetchedProfiles()).isEmpty();
        assertThat(afterUpdate.resources()).containsExactly(updated);
        assertThat(updated.attributes().get("assignedSmartGroups")).isEqualTo(List.of("Kiosks WS1", "ODA Windows WS1"));

        writer.delete(updated);

        assertThat(records.all("workspaceone", scopes.get(0))).extracting(ReadRecord::vendorId).containsExactly(wifi);
        assertThat(kept(WINDOW).read(ReadRequest.nothing()).resources()).isEmpty();
    }

    @Test
    void anUpdateWithAnUnknownOutcomeForgetsTheProfileAndARefusedOneKeepsIt() {
        WorkspaceOneConnector writer = open(keptReads(WINDOW), Map.of("http.maxAttempts", 1L));
        ActualResource created = writer.create(desired(writer, "a", List.of(WorkspaceOneSimulator.SEED_SMART_GROUP)));
        Resource changed = desired(writer, "a", List.of(WorkspaceOneSimulator.SEED_SMART_GROUP, "Kiosks WS1"));
        List<AttributeChange> changes = List.of(new AttributeChange("assignedSmartGroups",
                Optional.of(created.attributes().get("assignedSmartGroups")), Optional.of(changed.attributes().get("assignedSmartGroups"))));
        // Fills the look-ups, so the PUT is the second request (after the GET that proves the profile still carries
        // the marker) and the fault hits it.
        writer.read(ReadRequest.of(writer, state("a", List.of(WorkspaceOneSimulator.SEED_SMART_GROUP, "Kiosks WS1"))));

        sandbox.faults().nth(Vendor.WORKSPACEONE, 2, Fault.status(400));
        assertThatThrownBy(() -> writer.update(changed, created, changes)).isInstanceOf(VendorError.class);
        assertThat(records.all("workspaceone", scopes.get(0))).extracting(ReadRecord::vendorId).contains(created.vendorId());

        sandbox.faults().nth(Vendor.WORKSPACEONE, 2, Fault.status(500));
        assertThatThrownBy(() -> writer.update(changed, created, changes)).isInstanceOf(VendorError.class);
        assertThat(records.all("workspaceone", scopes.get(0))).extracting(ReadRecord::vendorId).doesNotContain(created.vendorId());
    }

    @Test
    void anUnmarkedProfileWithScephubsNameKeepsItsNoticeAndIsFetchedWhenItsNameIsDesired() {
        String id = admin.create(desired(admin, "windows-ws1", List.of(WorkspaceOneSimulator.SEED_SMART_GROUP))).vendorId();
        edit(id, general -> general.put("Description", "made by hand"));
        kept(WINDOW).read(ReadRequest.nothing());
        sandbox.requests().clear();

        ReadResult undesired = kept(WINDOW).read(ReadRequest.nothing());

        assertThat(fetchedProfiles()).isEmpty();
        assertThat(undesired.notices()).anyMatch(n -> n.contains("\"scephub windows-ws1\" (" + id + ") looks like scephub's"));

        // The admin adopts it as the notice says; a plan that wants it must see the marker at once, not create a twin.
        edit(id, general -> general.put("Description", "made by hand\n[scephub:workspaceone.credential-profile/windows-ws1]"));
        WorkspaceOneConnector planning = kept(WINDOW);
        ReadRequest request = ReadRequest.of(planning, state("windows-ws1", List.of(WorkspaceOneSimulator.SEED_SMART_GROUP)));
        sandbox.requests().clear();

        ReadResult desiredRead = planning.read(request);

        assertThat(fetchedProfiles()).containsExactly(id);
        assertThat(desiredRead.resources()).extracting(ActualResource::vendorId).containsExactly(id);
    }

    @Test
    void profilesSharingAMarkerAreNotKept() {
        String first = admin.create(desired(admin, "a", List.of(WorkspaceOneSimulator.SEED_SMART_GROUP))).vendorId();
        String second = admin.create(desired(admin, "b", List.of(WorkspaceOneSimulator.SEED_SMART_GROUP))).vendorId();
        edit(second, general -> general.put("Description", "copied\n[scephub:workspaceone.credential-profile/a]"));
        kept(WINDOW).read(ReadRequest.nothing());
        assertThat(records.all("workspaceone", scopes.get(0))).extracting(ReadRecord::vendorId).doesNotContain(first, second);
        sandbox.requests().clear();

        ReadResult read = kept(WINDOW).read(ReadRequest.nothing());

        assertThat(fetchedProfiles()).containsExactlyInAnyOrder(first, second);
        assertThat(read.notices()).anyMatch(n -> n.contains("also carries the marker"));
    }

    @Test
    void noCredentialIsKept() {
        WorkspaceOneConnector writer = kept(WINDOW);
        writer.create(desired(writer, "a", List.of(WorkspaceOneSimulator.SEED_SMART_GROUP)));
        writer.read(ReadRequest.of(writer, state("a", List.of(WorkspaceOneSimulator.SEED_SMART_GROUP))));

        List<ReadRecord> kept = records.all("workspaceone", scopes.get(0));
        assertThat(kept).hasSize(2).anyMatch(r -> r.owned().isPresent());
        for (ReadRecord record : kept) {
            assertThat(record.toString()).doesNotContain(CANARY_CLIENT_ID).doesNotContain(CANARY_CLIENT_SECRET)
                    .doesNotContain(CANARY_API_KEY);
        }
    }

    @Test
    void theListingSignatureIsTheSameForASearchHitAndTheProfileItShows() {
        ActualResource created = admin.create(desired(admin, "a", List.of(WorkspaceOneSimulator.SEED_SMART_GROUP)));
        JsonNode hit = admin.rest().list(page -> admin.paths().searchProfiles(WorkspaceOneSimulator.SEED_ORGANIZATION_GROUP_ID, page),
                        WorkspaceOnePaths.SEARCH_VERSION, "Profiles", "ProfileList").stream()
                .filter(h -> WorkspaceOnePayloads.searchHit(h).id() == Long.parseLong(created.vendorId())).findFirst().orElseThrow();
        WorkspaceOnePayloads payloads = new WorkspaceOnePayloads(new com.fasterxml.jackson.databind.ObjectMapper());

        assertThat(WorkspaceOnePayloads.searchHit(hit).listing()).isEqualTo("[\"scephub a\",\"Active\"]")
                .isEqualTo(payloads.read(vendorProfile(created.vendorId())).listing());
        assertThat(io.scephub.core.reads.KeptReadsNotice.human(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(io.scephub.core.reads.KeptReadsNotice.human(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(io.scephub.core.reads.KeptReadsNotice.human(Duration.ofMillis(500))).isEqualTo("500ms");
    }

    // ----- helpers ----------------------------------------------------------------------------------

    private WorkspaceOneConnector kept(Duration window) {
        return open(keptReads(window), Map.of());
    }

    private ReuseFactory keptReads(Duration window) {
        return (connector, scope, format) -> {
            scopes.add(scope);
            return new KeptReads(records, connector, scope, format, window, clock);
        };
    }

    private WorkspaceOneConnector open(ReadReuse none, Map<String, Object> extra) {
        return open((connector, scope, format) -> none, extra);
    }

    private static WorkspaceOneConnector open(ReuseFactory reuse, Map<String, Object> extra) {
        Map<String, Object> values = new LinkedHashMap<>(Map.of(
                "url", sandbox.workspaceOneBaseUrl(), "tokenUrl", sandbox.workspaceOneTokenUrl(),
                "clientId", new SecretRef(SecretRef.Source.ENV, "WS1_CLIENT_ID"),
                "clientSecret", new SecretRef(SecretRef.Source.ENV, "WS1_CLIENT_SECRET"),
                "apiKey", new SecretRef(SecretRef.Source.ENV, "WS1_API_KEY"),
                "organizationGroup", WorkspaceOneSimulator.SEED_ORGANIZATION_GROUP));
        values.putAll(extra);
        return (WorkspaceOneConnector) new WorkspaceOneConnectorProvider().open(
                new ConnectorSettings("workspaceone", "mdm.workspaceone", values), new Context(reuse));
    }

    /** The ids of the profiles fetched one by one since the journal was last cleared. */
    private static List<String> fetchedProfiles() {
        return sandbox.requests().of(Vendor.WORKSPACEONE).stream()
                .filter(r -> r.method().equals("GET") && r.path().matches("/API/mdm/profiles/\\d+"))
                .map(RecordedRequest::path).map(p -> p.substring(p.lastIndexOf('/') + 1)).toList();
    }

    private static String wifiId() {
        return sandbox.workspaceOne().profiles().stream().filter(p -> p.path("General").path("Name").asText().equals("Corp Wi-Fi"))
                .map(p -> p.path("General").path("ProfileId").asText()).findFirst().orElseThrow();
    }

    /** An admin's edit through the vendor API: the whole profile back, as a new version. */
    private void edit(String id, Consumer<ObjectNode> change) {
        JsonNode profile = vendorProfile(id);
        ObjectNode general = (ObjectNode) profile.path("General");
        general.remove(List.of("Version", "ProfileUuid"));
        general.put("CreateNewVersion", true);
        change.accept(general);
        admin.rest().send("PUT", admin.paths().updateProfile(), WorkspaceOnePaths.PROFILES_VERSION, profile);
    }

    private static JsonNode vendorProfile(String id) {
        return sandbox.workspaceOne().profiles().stream()
                .filter(p -> p.path("General").path("ProfileId").asText().equals(id)).findFirst().orElseThrow();
    }

    private static DesiredState state(String name, List<String> include) {
        EnrollmentSpec enrollment = new EnrollmentSpec(name, Platform.WINDOWS, "workspaceone", ChallengeType.STATIC,
                new CaSpec.OktaCa(), new CertificateSpec("CN={DeviceUid}", List.of(), 2048, "sha256", Set.of(KeyUsage.DIGITAL_SIGNATURE),
                List.of(), Period.ofYears(1), 20), new GroupScope(include, List.of()), Optional.empty(), Optional.empty());
        return new DesiredState(Map.of(), List.of(enrollment));
    }

    private static Resource desired(WorkspaceOneConnector connector, String name, List<String> include) {
        Resource resource = connector.desiredResources(state(name, include)).get(0);
        Map<String, Object> resolved = new LinkedHashMap<>(resource.attributes());
        resolved.put("oktaScepUrl", SCEP_URL);
        return resource.withAttributes(resolved);
    }

    /** {@link ConnectorContext#readReuse} as a lambda. */
    @FunctionalInterface
    private interface ReuseFactory {
        ReadReuse of(String connector, String scope, int format);
    }

    /** Secrets from the canaries, the real resilient HTTP layer, and the kept reads the test chose. */
    private static final class Context implements ConnectorContext {
        private final VendorHttp http = new ResilientVendorHttp(Clock.systemUTC());
        private final ReuseFactory reuse;

        Context(ReuseFactory reuse) {
            this.reuse = reuse;
        }

        @Override
        public Secret secret(SecretRef ref) {
            return Secret.of(switch (ref.name()) {
                case "WS1_CLIENT_ID" -> CANARY_CLIENT_ID;
                case "WS1_CLIENT_SECRET" -> CANARY_CLIENT_SECRET;
                default -> CANARY_API_KEY;
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

        @Override
        public ReadReuse readReuse(String connector, String scope, int format) {
            return reuse.of(connector, scope, format);
        }
    }
}
