package io.scephub.jamf;

import io.scephub.core.spi.ReadRequest;
import io.scephub.core.contract.ScepConfiguration;
import io.scephub.core.testing.MutableClock;
import io.scephub.core.error.VendorError;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import io.scephub.core.plan.Plan;
import io.scephub.core.plan.PlanChange;
import io.scephub.core.plan.Planner;
import io.scephub.core.reads.InMemoryReadRecords;
import io.scephub.core.reads.KeptReads;
import io.scephub.core.reads.ReadRecord;
import io.scephub.core.reads.ReadReuse;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.spi.ConnectorContext;
import io.scephub.core.http.VendorHttp;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.Fault;
import io.scephub.sandbox.RecordedRequest;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import io.scephub.sandbox.Vendor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.scephub.jamf.JamfConnectorTest.CANARY_PASSWORD;
import static io.scephub.jamf.JamfConnectorTest.CANARY_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Jamf connector over kept reads: which profiles a read still GETs, and what it keeps. */
class JamfKeptReadsTest {
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final String ROTATED_PASSWORD = "canary-rotated-dynamic-password-41f7";
    private static final String FOREIGN = "Wi-Fi for Finance";
    private static Sandbox sandbox;

    private final InMemoryReadRecords records = new InMemoryReadRecords();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final List<String> scopes = new ArrayList<>();
    private Duration window = WINDOW;

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

    private static Map<String, String> secrets(Optional<String> password) {
        Map<String, String> secrets = new HashMap<>(Map.of("JAMF_CLIENT_ID", SandboxOptions.DEFAULT_JAMF_CLIENT_ID,
                "JAMF_CLIENT_SECRET", CANARY_SECRET));
        password.ifPresent(p -> secrets.put("JAMF_WEBHOOK_PASSWORD", p));
        return secrets;
    }

    /** A connector over this test's records, as a new process would open it. */
    private JamfConnector open(Optional<String> password) {
        ConnectorContext plain = JamfConnectorTest.context(secrets(password));
        ConnectorContext keeping = new ConnectorContext() {
            @Override
            public Secret secret(SecretRef ref) {
                return plain.secret(ref);
            }

            @Override
            public VendorHttp http() {
                return plain.http();
            }

            @Override
            public Clock clock() {
                return plain.clock();
            }

            @Override
            public ReadReuse readReuse(String connector, String scope, int format) {
                scopes.add(scope);
                return new KeptReads(records, connector, scope, format, window, clock);
            }
        };
        return (JamfConnector) new JamfConnectorProvider().open(JamfConnectorTest.settings(sandbox.jamfBaseUrl(),
                password.isPresent()), keeping);
    }

    private JamfConnector withPassword() {
        return open(Optional.of(CANARY_PASSWORD));
    }

    /** A connector that keeps nothing: what an admin or another tool does to Jamf is out of band for the records. */
    private static JamfConnector keepingNothing(boolean withPassword) {
        return (JamfConnector) new JamfConnectorProvider().open(JamfConnectorTest.settings(sandbox.jamfBaseUrl(), withPassword),
                JamfConnectorTest.context(secrets(withPassword ? Optional.of(CANARY_PASSWORD) : Optional.empty())));
    }

    /** A bare Classic API client, to change Jamf as an admin in the UI would. */
    private static JamfClient admin() {
        JamfPaths paths = new JamfPaths(HttpUrl.get(sandbox.jamfBaseUrl()));
        OkHttpClient http = new OkHttpClient();
        Interceptor tokens = JamfTokenSource.bearer(http, paths.token(), Secret.of(SandboxOptions.DEFAULT_JAMF_CLIENT_ID, "id"),
                Secret.of(CANARY_SECRET, "secret"), Clock.systemUTC(), s -> {
                });
        return new JamfClient(http.newBuilder().addInterceptor(tokens).build(), paths);
    }

    private static EnrollmentSpec enrollment(int i, List<String> include) {
        return JamfConnectorTest.named("mac-" + i, "CN=$COMPUTERNAME", include);
    }

    /** n profiles scephub made (with the configured password) and one someone else made, none of them kept. */
    private static List<ActualResource> seed(int n) {
        JamfConnector maker = keepingNothing(true);
        List<ActualResource> created = IntStream.range(0, n)
                .mapToObj(i -> maker.create(JamfConnectorTest.desired(maker, enrollment(i, List.of("ODA Macs"))))).toList();
        sandbox.jamf().seedProfile(FOREIGN, "made by hand", "System", "");
        return created;
    }

    /** The profiles read one by one since the journal was cleared. */
    private static List<String> profileGets() {
        return sandbox.requests().of(Vendor.JAMF).stream()
                .filter(r -> r.method().equals("GET") && r.path().matches(".*/osxconfigurationprofiles/id/\\d+"))
                .map(RecordedRequest::path).toList();
    }

    private static String profilePath(String vendorId) {
        return "/JSSResource/osxconfigurationprofiles/id/" + vendorId;
    }

    /** Kept reads hold no secret: the profile has none (Okta's credentials stay in scephub, see JamfScepChallengeWebhook). */
    private static ActualResource withoutPassword(ActualResource actual) {
        return actual;
    }

    private static ActualResource named(ReadResult read, String enrollment) {
        return read.resources().stream().filter(r -> r.key().name().equals(enrollment)).findFirst().orElseThrow();
    }

    private static String keptNotice(int reused, int listed) {
        return "Jamf: " + reused + " of " + listed + " profiles taken from reads kept within the last 10m (the Classic API "
                + "lists only names); 'scephub plan --refresh' reads them all";
    }

    private List<ReadRecord> stored() {
        return records.all(JamfConnectorProvider.ID, HttpUrl.get(sandbox.jamfBaseUrl()).toString());
    }

    @Test
    void aSecondReadListsOnlyAndReturnsTheSameProfilesWithoutTheirPasswords() {
        seed(3);
        ReadResult first = withPassword().read(ReadRequest.nothing());
        assertThat(first.resources()).hasSize(3);
        assertThat(first.notices()).noneMatch(n -> n.contains("taken from reads kept"));
        sandbox.requests().clear();

        ReadResult second = withPassword().read(ReadRequest.nothing());

        assertThat(sandbox.requests().of(Vendor.JAMF)).extracting(r -> r.method() + " " + r.path()).containsExactlyInAnyOrder(
                "POST /api/oauth/token", "GET /JSSResource/computergroups", "GET /JSSResource/osxconfigurationprofiles",
                "GET /JSSResource/webhooks");
        assertThat(second.resources()).containsExactlyElementsOf(first.resources().stream()
                .map(JamfKeptReadsTest::withoutPassword).toList());
        assertThat(second.notices()).contains(keptNotice(4, 4));
        assertThat(scopes).containsOnly(HttpUrl.get(sandbox.jamfBaseUrl()).toString());
    }

    @Test
    void aProfileRenamedOutOfBandIsReadAgainAndADeletedOneDisappears() {
        List<ActualResource> created = seed(3);
        withPassword().read(ReadRequest.nothing());
        String renamed = created.get(0).vendorId();
        JamfXml.Profile rename = new JamfXml.Profile();
        rename.general = new JamfXml.General();
        rename.general.name = "scephub mac-0 (renamed by hand)";
        admin().updateProfile(Long.parseLong(renamed), rename);
        admin().deleteProfile(Long.parseLong(created.get(1).vendorId()));
        sandbox.requests().clear();

        ReadResult read = withPassword().read(ReadRequest.nothing());

        assertThat(profileGets()).containsExactly(profilePath(renamed));
        assertThat(read.resources()).extracting(ActualResource::vendorId).containsExactlyInAnyOrder(renamed,
                created.get(2).vendorId());
        assertThat(named(read, "mac-0").attributes().get("name")).isEqualTo("scephub mac-0 (renamed by hand)");
        assertThat(read.notices()).contains(keptNotice(2, 3));
    }

    @Test
    void afterTheWindowEveryProfileIsReadAgain() {
        seed(2);
        withPassword().read(ReadRequest.nothing());
        clock.advance(WINDOW.minusSeconds(1));
        sandbox.requests().clear();
        withPassword().read(ReadRequest.nothing());
        assertThat(profileGets()).isEmpty();

        clock.advance(Duration.ofSeconds(2));
        sandbox.requests().clear();
        ReadResult read = withPassword().read(ReadRequest.nothing());

        assertThat(profileGets()).hasSize(3);
        assertThat(read.notices()).noneMatch(n -> n.contains("taken from reads kept"));
    }

    @Test
    void aZeroWindowReadsEveryProfileEveryTime() {
        window = Duration.ZERO;
        seed(2);
        withPassword().read(ReadRequest.nothing());
        sandbox.requests().clear();

        ReadResult read = withPassword().read(ReadRequest.nothing());

        assertThat(profileGets()).hasSize(3);
        assertThat(read.notices()).noneMatch(n -> n.contains("taken from reads kept"));
    }

    @Test
    void anUnmarkedProfileWithADesiredNameIsReadEveryTimeSoItsNoticeStays() {
        sandbox.jamf().seedProfile("scephub mac-0", "made by hand", "System", "");
        for (int run = 0; run < 2; run++) {
            JamfConnector connector = withPassword();
            ReadRequest request = ReadRequest.of(connector, new DesiredState(Map.of(), List.of(enrollment(0, List.of("ODA Macs")))));
            sandbox.requests().clear();

            ReadResult read = connector.read(request);

            assertThat(profileGets()).hasSize(1);
            assertThat(read.notices()).anyMatch(n -> n.contains("has the name scephub wants but no scephub marker"));
        }
    }

    @Test
    void aSecondProfileWithTheSameMarkerIsReadEveryTimeSoItsNoticeStays() {
        ActualResource first = seed(1).get(0);
        long copy = sandbox.jamf().seedProfile("scephub mac-0 copy", "copied\n[scephub:jamf.configuration-profile/mac-0]",
                "System", "");
        withPassword().read(ReadRequest.nothing());
        sandbox.requests().clear();

        ReadResult read = withPassword().read(ReadRequest.nothing());

        assertThat(profileGets()).containsExactly(profilePath(String.valueOf(copy)));
        assertThat(read.resources()).extracting(ActualResource::vendorId).containsExactly(first.vendorId());
        assertThat(read.notices()).anyMatch(n -> n.contains("also carries the marker"));
    }

    @Test
    void createdAndUpdatedProfilesAreKeptAndADeletedOneIsForgotten() {
        JamfConnector connector = withPassword();
        ActualResource created = connector.create(JamfConnectorTest.desired(connector, enrollment(0, List.of("ODA Macs"))));
        sandbox.requests().clear();
        ReadResult afterCreate = withPassword().read(ReadRequest.nothing());
        assertThat(profileGets()).isEmpty();
        assertThat(afterCreate.resources()).containsExactly(withoutPassword(created));

        Resource changed = JamfConnectorTest.desired(connector, enrollment(0, List.of("ODA Pilot Macs")));
        connector.update(changed, afterCreate.resources().get(0), new Planner().diff(changed, afterCreate.resources().get(0)));
        sandbox.requests().clear();
        ReadResult afterUpdate = withPassword().read(ReadRequest.nothing());
        assertThat(profileGets()).isEmpty();
        assertThat(afterUpdate.resources().get(0).attributes().get("include")).isEqualTo(List.of("ODA Pilot Macs"));

        connector.delete(afterUpdate.resources().get(0));

        assertThat(stored()).extracting(ReadRecord::vendorId).doesNotContain(created.vendorId());
        assertThat(withPassword().read(ReadRequest.nothing()).resources()).isEmpty();
    }

    @Test
    void anUpdateWithAnUnknownOutcomeLeavesTheProfileToBeReadAgain() {
        ActualResource created = seed(1).get(0);
        JamfConnector connector = withPassword();
        ActualResource read = connector.read(ReadRequest.nothing()).resources().get(0);
        Resource changed = JamfConnectorTest.desired(connector, enrollment(0, List.of("ODA Pilot Macs")));
        // The update's GET of the stored profile, then its PUT: Jamf saves the PUT and the answer is lost.
        sandbox.faults().everyNth(Vendor.JAMF, 2, Fault.resetAfterProcessing());
        assertThatThrownBy(() -> connector.update(changed, read, new Planner().diff(changed, read)))
                .isInstanceOf(VendorError.class);
        sandbox.faults().clear();
        sandbox.requests().clear();

        ReadResult after = withPassword().read(ReadRequest.nothing());

        assertThat(profileGets()).containsExactly(profilePath(created.vendorId()));
        assertThat(after.resources().get(0).attributes().get("include")).isEqualTo(List.of("ODA Pilot Macs"));
    }

    @Test
    void noSecretIsEverStored() {
        seed(2);
        JamfConnector connector = withPassword();
        connector.read(ReadRequest.nothing());
        connector.create(JamfConnectorTest.desired(connector, enrollment(5, List.of("ODA Macs"))));

        List<ReadRecord> stored = stored();

        assertThat(stored).hasSize(4);
        assertThat(stored).filteredOn(r -> r.owned().isPresent()).hasSize(3).allSatisfy(r -> assertThat(r.owned().get())
                .doesNotContain("challengePassword").doesNotContain(CANARY_PASSWORD).doesNotContain(CANARY_SECRET));
        assertThat(stored).allSatisfy(r -> assertThat(r.toString()).doesNotContain(CANARY_PASSWORD));
    }

    // ----- what the planner and the checks make of a kept profile ------------------------------

    private static final String CHALLENGE_URL =
            "https://example.okta.com/api/v1/certificateAuthorities/abc/registrationAuthorities/rac1/challenge";

    /** The Okta configuration the profile's references point at, as the okta connector reads it. */
    private static ActualResource okta(Map<String, Object> extraOutputs) {
        Map<String, Object> outputs = new LinkedHashMap<>(Map.of("scepUrl", JamfConnectorTest.SCEP_URL,
                "challengeUrl", CHALLENGE_URL, "username", "okta-a1b2c3"));
        outputs.putAll(extraOutputs);
        return new ActualResource(ScepConfiguration.key("mac-0"), "okta", "rac1", Map.of(), outputs, Set.of());
    }

    private static PlanChange planned(Plan plan, String kind) {
        return plan.changes().stream().filter(c -> c.key().kind().equals(kind)).findFirst().orElseThrow();
    }

    private static Plan plan(Resource jamfDesired, ActualResource kept, ActualResource okta) {
        Resource oktaDesired = Resource.builder(okta.key(), "okta").build();
        return new Planner().plan(List.of(oktaDesired, jamfDesired), List.of(okta, kept), List.of());
    }

    @Test
    void theWindowReadsAsPeopleWriteIt() {
        assertThat(io.scephub.core.reads.KeptReadsNotice.human(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(io.scephub.core.reads.KeptReadsNotice.human(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(io.scephub.core.reads.KeptReadsNotice.human(Duration.ofSeconds(45))).isEqualTo("45s");
    }
}
