package io.scephub.okta;

import io.scephub.core.spi.ReadRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scephub.core.error.VendorError;
import io.scephub.core.model.CaSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.Platform;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.spi.Connector;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.fixtures.TestPki;
import io.scephub.sandbox.Fault;
import io.scephub.sandbox.OktaSimulator;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.Vendor;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The connector against the sandbox's Okta org, which is reset before each test. */
@ExtendWith(SandboxExtension.class)
class OktaConnectorTest {
    private static Sandbox sandbox;
    private static OktaSimulator okta;
    private TestVendorHttp http;
    private Connector connector;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
        okta = started.okta();
    }

    @BeforeEach
    void start() {
        sandbox.reset();
        http = new TestVendorHttp();
        connector = open();
    }

    private Connector open() {
        return new OktaConnectorProvider().open(Fixtures.tokenSettings(sandbox),
                Fixtures.context(http, Clock.systemUTC(), Fixtures.tokenSecrets(sandbox)));
    }

    private static String seedCustomCa(String name, List<byte[]> chain) {
        return okta.uploadCustomCaInConsole(name, CertificateChains.toPem(chain));
    }

    private static List<io.scephub.sandbox.RecordedRequest> requests(String method, String pathPrefix) {
        return Fixtures.requests(sandbox, method, pathPrefix);
    }

    private static int requestCount() {
        return Fixtures.requests(sandbox).size();
    }

    /** A read asked, as the engine asks it, for what {@code state} expands to. */
    private ReadResult read(DesiredState state) {
        return connector.read(ReadRequest.of(connector, state));
    }

    private DesiredState state(List<byte[]> customChain) {
        return Fixtures.state(Fixtures.tokenSettings(sandbox), List.of(
                Fixtures.enrollment("windows-intune", Platform.WINDOWS, "intune", ChallengeType.DELEGATED, new CaSpec.OktaCa()),
                Fixtures.enrollment("macos-jamf", Platform.MACOS, "jamf", ChallengeType.DYNAMIC, new CaSpec.OktaCa()),
                Fixtures.enrollment("windows-ws1", Platform.WINDOWS, "workspaceone", ChallengeType.STATIC,
                        new CaSpec.CustomCa("corp-issuing", customChain, "${file:chain.pem}"))),
                Fixtures.intuneSettings());
    }

    private static Resource byKey(List<Resource> resources, String key) {
        return resources.stream().filter(r -> r.key().toString().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void expandsEnrollmentsIntoTheContractsKindsAndAttributes() {
        List<byte[]> chain = TestPki.caChain("Corp").der();
        List<Resource> desired = connector.desiredResources(state(chain));

        assertThat(desired).extracting(r -> r.key().toString()).containsExactly(
                "okta.scep-configuration/windows-intune", "okta.scep-configuration/macos-jamf", "okta.scep-configuration/windows-ws1");
        Resource delegated = byKey(desired, "okta.scep-configuration/windows-intune");
        assertThat(delegated.attributes()).containsEntry("name", "scephub windows-intune").containsEntry("platform", "WINDOWS")
                .containsEntry("challengeType", "DELEGATED").containsEntry("ca", "okta").doesNotContainKey("status")
                .containsEntry("delegated", Map.of("tenantId", Fixtures.TENANT_ID, "appId", Fixtures.INTUNE_APP_ID));
        assertThat(delegated.replaceOn()).containsExactlyInAnyOrder("platform", "challengeType", "ca");
        Resource custom = byKey(desired, "okta.scep-configuration/windows-ws1");
        assertThat(custom.attributes()).containsEntry("ca", "corp-issuing");
        assertThat(custom.dependsOn()).isEmpty();
    }

    @Test
    void aCustomCaMissingInOktaIsADesiredStateProblemAtTheEnrollmentsCaNamingTheConsole() {
        connector.desiredResources(state(TestPki.caChain("Corp").der()));

        ReadResult read = read(state(TestPki.caChain("Corp").der()));

        assertThat(read.problems()).singleElement().satisfies(p -> {
            assertThat(p.enrollment()).isEqualTo("windows-ws1");
            assertThat(p.field()).isEqualTo("ca");
            assertThat(p.message()).contains("custom CA \"corp-issuing\" is not in Okta").contains("${file:chain.pem}")
                    .contains("no route to upload a CA").contains("Okta Admin Console");
        });
        assertThat(requests("POST", "/api/v1")).isEmpty();
    }

    @Test
    void createReadUpdateDeleteRoundTripConverges() {
        List<byte[]> chain = TestPki.caChain("Corp").der();
        String customCaId = seedCustomCa("Corp issuing CA (uploaded in the console)", chain);
        List<Resource> desired = connector.desiredResources(state(chain));

        for (Resource resource : desired) {
            ActualResource created = connector.create(resource);
            assertThat(created.key()).isEqualTo(resource.key());
            assertThat(created.attributes()).as(resource.key().toString()).containsAllEntriesOf(resource.attributes())
                    .containsEntry("status", "ACTIVE");
        }
        ReadResult read = read(state(chain));
        assertThat(read.notices()).isEmpty();
        assertThat(read.problems()).isEmpty();
        assertThat(read.resources()).hasSize(3);
        for (Resource resource : desired) {
            ActualResource actual = read.resources().stream().filter(a -> a.key().equals(resource.key())).findFirst().orElseThrow();
            assertThat(actual.attributes()).as("no drift after create: " + resource.key()).containsAllEntriesOf(resource.attributes());
        }

        ActualResource dynamic = find(read, "okta.scep-configuration/macos-jamf");
        String raId = dynamic.vendorId();
        assertThat(raId).matches("rac[A-Za-z0-9]{17}");
        assertThat(dynamic.outputs()).containsEntry("raId", raId).containsEntry("caId", okta.oktaCaId())
                .containsEntry("scepUrl", okta.scepUrl(raId).orElseThrow())
                .containsEntry("caCertificate", Base64.getEncoder().encodeToString(
                        CertificateChains.fromPem(okta.oktaCaChainPem(), "the sandbox").get(1)))
                .containsEntry("caCertificateFileName", "okta-root-ca.cer")
                .containsKeys("challengeUrl", "username");
        assertThat(dynamic.outputs().get("username").toString()).startsWith("okta-");

        ActualResource ws1 = find(read, "okta.scep-configuration/windows-ws1");
        assertThat(ws1.attributes()).containsEntry("ca", "corp-issuing");
        assertThat(ws1.outputs()).containsEntry("caId", customCaId)
                .containsEntry("caCertificate", Base64.getEncoder().encodeToString(chain.get(1)))
                .containsEntry("caChainSha256", CertificateChains.sha256Hex(chain));
        assertThat(requests("POST", "/api/v1/certificateAuthorities")).as("no CA upload route is called")
                .allSatisfy(r -> assertThat(r.path()).endsWith("/registrationAuthorities"));

        Resource delegated = byKey(desired, "okta.scep-configuration/windows-intune");
        ActualResource actualDelegated = find(read, "okta.scep-configuration/windows-intune");
        String newApp = "99999999-0000-4000-8000-000000000003";
        Resource changed = delegated.withAttributes(Map.of("name", "scephub windows-intune", "platform", "WINDOWS",
                "challengeType", "DELEGATED", "ca", "okta",
                "delegated", Map.of("tenantId", Fixtures.TENANT_ID, "appId", newApp)));
        ActualResource updated = connector.update(changed, actualDelegated, List.of(
                new AttributeChange("delegated.appId", Optional.of(Fixtures.INTUNE_APP_ID), Optional.of(newApp))));
        assertThat(updated.attributes()).containsAllEntriesOf(changed.attributes()).containsEntry("status", "ACTIVE");
        assertThat(okta.registrationAuthorities()).filteredOn(ra -> ra.get("id").asText().equals(actualDelegated.vendorId()))
                .singleElement().extracting(ra -> ra.get("description").asText()).asString()
                .endsWith("[scephub:okta.scep-configuration/windows-intune]");

        connector.delete(ws1);
        connector.delete(ws1);
        assertThat(read(state(chain)).resources()).extracting(a -> a.key().toString())
                .containsExactlyInAnyOrder("okta.scep-configuration/windows-intune", "okta.scep-configuration/macos-jamf");
        assertThat(okta.certificateAuthorities()).as("the custom CA stays: the API cannot delete a CA")
                .extracting(ca -> ca.get("id").asText()).containsExactlyInAnyOrder(okta.oktaCaId(), customCaId);
    }

    @Test
    void readFollowsTheNextLinkAcrossPagesWithTheServersCursor() {
        okta.pageLimit(2);
        for (int i = 0; i < 3; i++) {
            okta.seedRegistrationAuthority("scephub e" + i, "x\n[scephub:okta.scep-configuration/e" + i + "]", "WINDOWS", "STATIC");
        }

        ReadResult read = read(state(TestPki.caChain("Corp").der()));

        assertThat(read.resources()).extracting(a -> a.key().name()).containsExactlyInAnyOrder("e0", "e1", "e2");
        var listCalls = requests("GET", "/api/v1/certificateAuthorities/" + okta.oktaCaId() + "/registrationAuthorities");
        assertThat(listCalls).hasSize(2);
        assertThat(Fixtures.queryParameter(listCalls.get(0), "after")).isNull();
        assertThat(Fixtures.queryParameter(listCalls.get(1), "after")).matches("[0-9a-f]{32}");
    }

    @Test
    void unmarkedLookAlikesAreReportedAndNeverManaged() {
        okta.seedRegistrationAuthority("scephub macos-jamf", "made by hand", "MACOS", "DYNAMIC");

        ReadResult read = read(state(TestPki.caChain("Corp").der()));

        assertThat(read.resources()).isEmpty();
        assertThat(read.notices()).singleElement().asString().contains("scephub macos-jamf").contains("no scephub marker");
    }

    @Test
    void findOwnedAdoptsAMarkedObjectInsteadOfCreatingASecond() {
        String existing = okta.seedRegistrationAuthority("scephub macos-jamf",
                "Managed by scephub\n[scephub:okta.scep-configuration/macos-jamf]", "MACOS", "STATIC");

        Optional<ActualResource> found = connector.findOwned(ResourceKey.parse("okta.scep-configuration/macos-jamf"));

        assertThat(found).isPresent();
        assertThat(found.get().vendorId()).isEqualTo(existing);
        assertThat(found.get().attributes()).containsEntry("platform", "MACOS").containsEntry("ca", "okta");
        assertThat(connector.findOwned(ResourceKey.parse("okta.scep-configuration/other"))).isEmpty();
        assertThat(requests("POST", "/api/v1")).isEmpty();
    }

    @Test
    void lookupsBeforeCreatesAnswerFromTheLastListingAndListAgainOnlyAfterAnUnknownOutcome() {
        seedCustomCa("Corp", TestPki.caChain("Corp").der());
        List<Resource> desired = connector.desiredResources(state(TestPki.caChain("Corp").der()));
        read(state(TestPki.caChain("Corp").der()));
        int afterRead = requestCount();
        ResourceKey jamf = ResourceKey.parse("okta.scep-configuration/macos-jamf");
        ResourceKey intune = ResourceKey.parse("okta.scep-configuration/windows-intune");

        assertThat(connector.findOwned(jamf)).isEmpty();
        assertThat(connector.findOwned(intune)).isEmpty();
        assertThat(requestCount()).isEqualTo(afterRead);

        sandbox.faults().nextCreates(Vendor.OKTA, 1, Fault.status(502).afterProcessing());
        assertThatThrownBy(() -> connector.create(byKey(desired, jamf.toString())))
                .isInstanceOfSatisfying(VendorError.class, e -> assertThat(e.status()).isEqualTo(502));
        int afterLostCreate = requestCount();
        Optional<ActualResource> adopted = connector.findOwned(jamf);

        assertThat(adopted).isPresent();
        assertThat(requestCount()).isGreaterThan(afterLostCreate);
        int afterRelist = requestCount();
        assertThat(connector.findOwned(intune)).isEmpty();
        assertThat(requestCount()).isEqualTo(afterRelist);
    }

    /** Okta requests of a first apply of n dynamic enrollments: expand, read, then per enrollment lookup and create. */
    private int firstApplyRequests(int n) {
        sandbox.reset();
        connector = open();
        List<io.scephub.core.model.EnrollmentSpec> enrollments = java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> Fixtures.enrollment("mac-" + i, Platform.MACOS, "jamf", ChallengeType.DYNAMIC, new CaSpec.OktaCa()))
                .toList();
        DesiredState state = Fixtures.state(Fixtures.tokenSettings(sandbox), enrollments);
        List<Resource> desired = connector.desiredResources(state);
        read(state);
        for (Resource r : desired) {
            assertThat(connector.findOwned(r.key())).isEmpty();
            connector.create(r);
        }
        return requestCount();
    }

    @Test
    void aFirstApplyCostsTheSameRequestsPerEnrollmentAtOneAndTwentyEnrollments() {
        int one = firstApplyRequests(1);
        int two = firstApplyRequests(2);
        int twenty = firstApplyRequests(20);

        assertThat(two - one).as("one POST per configuration").isEqualTo(1);
        assertThat(twenty).isEqualTo(one + 19 * (two - one));
    }

    @Test
    void anUpdateAskingForANewPasswordResetsThePasswordAndReportsItOnce() {
        List<Resource> desired = connector.desiredResources(state(TestPki.caChain("Corp").der()));
        Resource jamfDesired = byKey(desired, "okta.scep-configuration/macos-jamf");
        connector.create(jamfDesired);
        ActualResource jamf = find(read(state(TestPki.caChain("Corp").der())), "okta.scep-configuration/macos-jamf");
        assertThat(jamf.outputs()).doesNotContainKey("password");

        ActualResource updated = connector.update(jamfDesired, jamf, List.of(new AttributeChange("password", Optional.empty(),
                Optional.of(io.scephub.core.resource.OutputRef.writeOnce(jamf.key(), "password")))));

        assertThat(requests("POST", "/api/v1")).anySatisfy(r -> assertThat(r.path())
                .endsWith("/registrationAuthorities/" + jamf.vendorId() + "/resetPassword"));
        assertThat(updated.outputs().get("password")).isInstanceOfSatisfying(io.scephub.core.model.Secret.class,
                p -> assertThat(http.redacted).contains(p.reveal()));
        assertThat(find(read(state(TestPki.caChain("Corp").der())), "okta.scep-configuration/macos-jamf").outputs()).doesNotContainKey("password");
    }

    @Test
    void oktaRefusalBecomesAVendorErrorWithCodeAndRequestId() {
        List<byte[]> chain = TestPki.caChain("Corp").der();
        seedCustomCa("Corp", chain);
        Resource ws1 = byKey(connector.desiredResources(state(chain)), "okta.scep-configuration/windows-ws1");
        Resource macOnCustomCa = Resource.builder(ResourceKey.parse("okta.scep-configuration/bad"), "okta")
                .attribute("name", "scephub bad").attribute("platform", "MACOS").attribute("challengeType", "STATIC")
                .attribute("ca", "corp-issuing").input(OktaConnector.INPUT_CUSTOM_CA, ws1.inputs().get(OktaConnector.INPUT_CUSTOM_CA)).build();

        assertThatThrownBy(() -> connector.create(macOnCustomCa)).isInstanceOfSatisfying(VendorError.class, e -> {
            assertThat(e.vendor()).isEqualTo("okta");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.vendorCode()).contains("E0000001");
            assertThat(e.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith("oae"));
            assertThat(e.getMessage()).contains("Api validation failed: platform")
                    .contains("platform: MACOS requires Okta's own CA").doesNotContain(sandbox.options().oktaApiToken());
        });
    }

    @Test
    void missingCertificateAuthorityIsEmptyOnGetAndNotFoundOnChain() {
        assertThat(okta.certificateAuthorities()).extracting(ca -> ca.get("id").asText())
                .doesNotContain("0123456789abcdef0123456789abcdef01234567");

        assertThatThrownBy(() -> ((OktaConnector) connector).api().certificateChain("0123456789abcdef0123456789abcdef01234567"))
                .isInstanceOfSatisfying(VendorError.class, e -> assertThat(e.vendorCode()).contains("E0000007"));
        assertThat(((OktaConnector) connector).api().getCertificateAuthority("0123456789abcdef0123456789abcdef01234567")).isEmpty();
    }

    @Test
    void resettingThePasswordReturnsASecretThatPrintsAsStars() {
        List<Resource> desired = connector.desiredResources(state(TestPki.caChain("Corp").der()));
        connector.create(byKey(desired, "okta.scep-configuration/macos-jamf"));
        OktaDeviceAccessApi api = ((OktaConnector) connector).api();
        ActualResource jamf = find(read(state(TestPki.caChain("Corp").der())), "okta.scep-configuration/macos-jamf");

        var credentials = api.resetPassword(jamf.outputs().get("caId").toString(), jamf.vendorId());

        String newPassword = okta.dynamicPassword(jamf.vendorId()).orElseThrow();
        assertThat(credentials.password().reveal()).isEqualTo(newPassword);
        assertThat(credentials.password().toString()).isEqualTo("***");
        assertThat(credentials.toString()).doesNotContain(newPassword);
        assertThat(http.redacted).contains(newPassword);
    }

    @Test
    void aChallengeSourceReplacingAnotherKeepsTheDynamicPasswordItObtainedSoOktaIsNotResetAgain() {
        DesiredState state = Fixtures.state(Fixtures.tokenSettings(sandbox), List.of(Fixtures.enrollment("macos-jamf", Platform.MACOS,
                "jamf", ChallengeType.DYNAMIC, new CaSpec.OktaCa())));
        connector.create(byKey(connector.desiredResources(state), "okta.scep-configuration/macos-jamf"));
        String scepUrl = okta.registrationAuthorities().get(0).path("scepUrl").asText();
        int resetsBefore = passwordResets();

        io.scephub.core.spi.DynamicChallengeSource first = ((OktaConnector) connector).challenges(state);
        String one = first.challengeFor(scepUrl).reveal();
        assertThat(passwordResets()).as("a new process's first challenge obtains a password").isEqualTo(resetsBefore + 1);

        // A tenant's session opened again (a reload): a new connector, its source in place of the first one.
        io.scephub.core.spi.DynamicChallengeSource replacing = ((OktaConnector) open()).challenges(state, Optional.of(first));
        String two = replacing.challengeFor(scepUrl).reveal();
        assertThat(two).isNotBlank().isNotEqualTo(one);
        assertThat(passwordResets()).as("the password obtained before is used, not reset").isEqualTo(resetsBefore + 1);

        io.scephub.core.spi.DynamicChallengeSource unrelated = ((OktaConnector) open()).challenges(state);
        assertThat(unrelated.challengeFor(scepUrl).reveal()).isNotBlank();
        assertThat(passwordResets()).as("a source that replaces none obtains its own").isEqualTo(resetsBefore + 2);
        assertThat(http.redacted).contains(okta.dynamicPassword(okta.registrationAuthorities().get(0).path("id").asText())
                .orElseThrow());
    }

    private static int passwordResets() {
        return (int) requests("POST", "/api/v1").stream().filter(r -> r.path().endsWith("/resetPassword")).count();
    }

    @Test
    void findGroupByNameMatchesExactlyAndEscapesQuotes() {
        String quoted = okta.seedGroup("ODA \"Macs\"");
        OktaDeviceAccessApi api = ((OktaConnector) connector).api();

        assertThat(api.findGroupByName("ODA \"Macs\"")).map(OktaGroup::id).contains(quoted);
        assertThat(api.findGroupByName("ODA")).isEmpty();
    }

    private static ActualResource find(ReadResult read, String key) {
        return read.resources().stream().filter(a -> a.key().toString().equals(key)).findFirst().orElseThrow();
    }
}
