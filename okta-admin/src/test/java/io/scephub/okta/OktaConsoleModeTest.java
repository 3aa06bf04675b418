package io.scephub.okta;

import io.scephub.core.spi.ReadRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scephub.core.model.CaSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.Platform;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import io.scephub.core.model.SettingProblem;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.spi.Connector;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.Sandbox;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Console mode against the sandbox's Okta org, which is reset before each test. */
@ExtendWith(SandboxExtension.class)
class OktaConsoleModeTest {
    private static final String PASSWORD = "canary-console-password-5e1f";
    private static Sandbox sandbox;
    private TestVendorHttp http;
    private final Map<String, String> env = new HashMap<>();

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    @BeforeEach
    void start() {
        sandbox.reset();
        http = new TestVendorHttp();
        env.putAll(Fixtures.tokenSecrets(sandbox));
    }

    private static SecretRef ref(String name) {
        return new SecretRef(SecretRef.Source.ENV, name);
    }

    private static EnrollmentSpec withBlock(EnrollmentSpec e, Map<String, Object> block) {
        return new EnrollmentSpec(e.name(), e.platform(), e.mdm(), e.challenge(), e.ca(), e.certificate(), e.groups(), e.renewal(),
                e.rotateSecretEvery(), Map.of("okta", new ConnectorSettings("okta", "enrollments[0].okta", block)));
    }

    private static EnrollmentSpec jamf(Map<String, Object> block) {
        return withBlock(Fixtures.enrollment("macos-jamf", Platform.MACOS, "jamf", ChallengeType.DYNAMIC, new CaSpec.OktaCa()), block);
    }

    private static ConnectorSettings consoleSection(String orgUrl) {
        return new ConnectorSettings("okta", "okta", Map.of("orgUrl", orgUrl, "manage", "console"));
    }

    private Connector open(ConnectorSettings settings) {
        return new OktaConnectorProvider().open(settings, Fixtures.context(http, Clock.systemUTC(), env));
    }

    @Test
    void aConsoleConfigurationIsReadFromItsReferencesAndNeverFromOkta() {
        env.putAll(Map.of("SCEP", "https://example.okta.com/pki/AB/scep/racX", "CURL", "https://example.okta.com/challenge",
                "USER", "okta-abc", "PW", PASSWORD));
        EnrollmentSpec mac = jamf(Map.of("scepUrl", ref("SCEP"), "challengeUrl", ref("CURL"), "username", ref("USER"),
                "password", ref("PW")));
        Connector connector = open(consoleSection(sandbox.oktaBaseUrl()));
        ReadRequest request = ReadRequest.of(connector, Fixtures.state(consoleSection(sandbox.oktaBaseUrl()), List.of(mac)));
        List<Resource> desired = request.desired();

        ReadResult read = connector.read(request);

        assertThat(read.problems()).isEmpty();
        ActualResource actual = read.resources().get(0);
        assertThat(actual.attributes()).isEqualTo(desired.get(0).attributes());
        assertThat(actual.outputs()).containsEntry("scepUrl", "https://example.okta.com/pki/AB/scep/racX")
                .containsEntry("challengeUrl", "https://example.okta.com/challenge").containsEntry("username", "okta-abc");
        assertThat(actual.outputs().get("password")).isInstanceOfSatisfying(Secret.class, p -> assertThat(p.reveal()).isEqualTo(PASSWORD));
        assertThat(http.redacted).contains(PASSWORD);
        assertThat(Fixtures.requests(sandbox)).as("no call to Okta at all").isEmpty();
        assertThat(connector.findOwned(actual.key())).contains(actual);
        assertThatThrownBy(() -> connector.create(desired.get(0))).hasMessageContaining("managed in the Okta Admin Console");
    }

    @Test
    void missingConsoleValuesAreOneProblemNamingEachValueWithTheConsoleSteps() {
        env.put("SCEP", "https://example.okta.com/pki/AB/scep/racX");
        EnrollmentSpec mac = jamf(Map.of("scepUrl", ref("SCEP"), "password", ref("UNSET_PW")));
        Connector connector = open(consoleSection(sandbox.oktaBaseUrl()));
        ReadRequest request = ReadRequest.of(connector, Fixtures.state(consoleSection(sandbox.oktaBaseUrl()), List.of(mac)));

        ReadResult read = connector.read(request);

        assertThat(read.problems()).singleElement().satisfies(p -> {
            assertThat(p.enrollment()).isEqualTo("macos-jamf");
            assertThat(p.field()).isEqualTo("okta");
            assertThat(p.message()).contains("missing challengeUrl (not set), username (not set), password (${env:UNSET_PW} cannot be read")
                    .contains("Security > Device integrations > Device Access tab > Add SCEP configuration")
                    .contains("Platform: macOS; certificate authority: Okta as the CA; SCEP URL challenge type: Dynamic SCEP URL, Generic")
                    .contains("Actions > Reset password").contains("oda-ca-scep-macos-jamf-dynamic.htm")
                    .contains("challengeUrl: ${file:okta/macos-jamf/challengeUrl}");
        });
        assertThat(Fixtures.requests(sandbox)).isEmpty();
    }

    @Test
    void perEnrollmentConsoleModeLeavesTheOtherEnrollmentsOnTheApi() {
        env.putAll(Map.of("SCEP", "https://example.okta.com/pki/AB/scep/racX", "CURL", "https://c", "USER", "u", "PW", PASSWORD));
        EnrollmentSpec mac = jamf(Map.of("manage", "console", "scepUrl", ref("SCEP"), "challengeUrl", ref("CURL"),
                "username", ref("USER"), "password", ref("PW")));
        EnrollmentSpec windows = Fixtures.enrollment("windows-ws1", Platform.WINDOWS, "workspaceone", ChallengeType.STATIC,
                new CaSpec.OktaCa());
        Connector connector = open(Fixtures.tokenSettings(sandbox));
        ReadRequest request = ReadRequest.of(connector, Fixtures.state(Fixtures.tokenSettings(sandbox), List.of(mac, windows)));
        List<Resource> desired = request.desired();

        connector.create(desired.get(1));
        ReadResult read = connector.read(request);

        assertThat(read.resources()).extracting(r -> r.key().name() + "@" + r.vendorId())
                .anyMatch(s -> s.equals("macos-jamf@" + OktaConsole.CONSOLE_ID)).anyMatch(s -> s.startsWith("windows-ws1@rac"));
        assertThat(Fixtures.requests(sandbox, "POST", "/api/v1")).hasSize(1);
    }

    @Test
    void anOrgWithoutTheRoutesIsAProblemNamingConsoleModeBeforeAnyWrite() {
        sandbox.okta().deviceAccessApi(false);
        Connector connector = open(Fixtures.tokenSettings(sandbox));
        ReadRequest request = ReadRequest.of(connector, Fixtures.state(Fixtures.tokenSettings(sandbox), List.of(
                Fixtures.enrollment("windows-ws1", Platform.WINDOWS, "workspaceone", ChallengeType.STATIC, new CaSpec.OktaCa()))));

        ReadResult read = connector.read(request);

        assertThat(read.problems()).singleElement().satisfies(p -> {
            assertThat(p.enrollment()).isNull();
            assertThat(p.field()).isEqualTo("okta.manage");
            assertThat(p.message()).contains("Okta does not answer GET /api/v1/certificateAuthorities").contains("404")
                    .contains("okta.manage: console").contains("Nothing was written");
        });
        assertThat(Fixtures.requests(sandbox).stream().filter(r -> !r.method().equals("GET"))).isEmpty();
    }

    @Test
    void consoleValuesAreRefusedOfflineInApiModeAndForAnotherChallengeType() {
        EnrollmentSpec apiWithValues = jamf(Map.of("scepUrl", ref("SCEP")));
        EnrollmentSpec consoleWithSecret = jamf(Map.of("manage", "console", "secret", ref("S")));

        List<SettingProblem> api = new OktaConnectorProvider().validate(Fixtures.tokenSettings("https://example.okta.com"),
                Fixtures.state(Fixtures.tokenSettings("https://example.okta.com"), List.of(apiWithValues)));
        List<SettingProblem> console = new OktaConnectorProvider().validate(Fixtures.tokenSettings("https://example.okta.com"),
                Fixtures.state(Fixtures.tokenSettings("https://example.okta.com"), List.of(consoleWithSecret)));

        assertThat(api).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("enrollments[0].okta.scepUrl");
            assertThat(p.message()).contains("only with manage: console");
        });
        assertThat(console).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("enrollments[0].okta.secret");
            assertThat(p.message()).contains("the console shows no secret for a dynamic challenge");
        });
    }

    @Test
    void wholeSectionConsoleModeNeedsNoCredentials() {
        DesiredState state = Fixtures.state(consoleSection("https://example.okta.com"), List.of(jamf(Map.of())));

        assertThat(new OktaConnectorProvider().validate(consoleSection("https://example.okta.com"), state)).isEmpty();
        assertThat(new OktaConnectorProvider().validate(new ConnectorSettings("okta", "okta", Map.of("orgUrl",
                "https://example.okta.com")), Fixtures.state(Fixtures.tokenSettings("https://example.okta.com"),
                List.of(jamf(Map.of()))))).extracting(SettingProblem::path).containsExactly("okta.auth");
    }
}
