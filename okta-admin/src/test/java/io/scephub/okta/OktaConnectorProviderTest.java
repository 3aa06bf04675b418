package io.scephub.okta;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.model.CaSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.Platform;
import io.scephub.core.model.SecretRef;
import io.scephub.core.model.SettingDef;
import io.scephub.core.model.SettingProblem;
import io.scephub.core.model.SettingType;
import io.scephub.core.spi.ConnectorProvider;
import io.scephub.core.spi.ConnectorRole;
import io.scephub.fixtures.TestPki;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class OktaConnectorProviderTest {
    private static final String ORG = "https://example.okta.com";
    private final OktaConnectorProvider provider = new OktaConnectorProvider();
    private final SecretRef token = new SecretRef(SecretRef.Source.ENV, "OKTA_API_TOKEN");
    private final SecretRef key = new SecretRef(SecretRef.Source.FILE, "okta.pem");

    private List<SettingProblem> validate(Map<String, Object> values, io.scephub.core.model.EnrollmentSpec... enrollments) {
        ConnectorSettings settings = new ConnectorSettings("okta", "okta", values);
        return provider.validate(settings, Fixtures.state(settings, List.of(enrollments), Fixtures.intuneSettings()));
    }

    @Test
    void isFoundThroughServiceLoaderAsTheIdentityConnector() {
        assertThat(ServiceLoader.load(ConnectorProvider.class)).anySatisfy(p -> {
            assertThat(p.id()).isEqualTo("okta");
            assertThat(p.role()).isEqualTo(ConnectorRole.IDENTITY);
        });
    }

    @Test
    void schemaDeclaresTheOktaSectionWithDefaults() {
        var schema = provider.settingsSchema();
        assertThat(schema.section()).isEqualTo("okta");
        assertThat(schema.find("orgUrl")).map(SettingDef::required).contains(true);
        assertThat(schema.find("auth.apiToken")).map(SettingDef::type).contains(SettingType.SECRET);
        assertThat(schema.find("auth.oauth.privateKey")).map(SettingDef::type).contains(SettingType.SECRET);
        assertThat(schema.find("auth.oauth.scopes")).flatMap(SettingDef::defaultValue)
                .contains(List.of("okta.certificateAuthorities.manage"));
        assertThat(schema.find("http.requestsPerSecond")).hasValueSatisfying(def -> {
            assertThat(def.required()).isFalse();
            assertThat(def.defaultValue()).as("the published limits apply unless an operator sets a rate").isEmpty();
        });
        assertThat(schema.find("http.readTimeout")).map(SettingDef::type).contains(SettingType.DURATION);
    }

    @Test
    void httpOverridesAreCheckedWithTheirPath() {
        assertThat(validate(Map.of("orgUrl", ORG, "auth.apiToken", token, "http.requestsPerSecond", 0L)))
                .anySatisfy(p -> assertThat(p.path()).isEqualTo("okta.http.requestsPerSecond"));
        assertThat(validate(Map.of("orgUrl", ORG, "auth.apiToken", token, "http.maxAttempts", 0L)))
                .anySatisfy(p -> assertThat(p.path()).isEqualTo("okta.http.maxAttempts"));
    }

    @Test
    void onlyTheTokenPostIsRetrySafe() {
        assertThat(OktaConnectorProvider.retrySafePost(post("/oauth2/v1/token"))).isTrue();
        assertThat(OktaConnectorProvider.retrySafePost(post("/api/v1/certificateAuthorities/c1/registrationAuthorities"))).isFalse();
        assertThat(OktaConnectorProvider.retrySafePost(post("/api/v1/certificateAuthorities/c1/registrationAuthorities/r1/resetPassword"))).isFalse();
    }

    private static okhttp3.Request post(String path) {
        return new okhttp3.Request.Builder().url("https://example.okta.com" + path)
                .post(okhttp3.RequestBody.create(new byte[0])).build();
    }

    @Test
    void acceptsATokenOrACompleteServiceApp() {
        assertThat(validate(Map.of("orgUrl", ORG, "auth.apiToken", token))).isEmpty();
        assertThat(validate(Map.of("orgUrl", ORG, "auth.oauth.clientId", "0oa1", "auth.oauth.privateKey", key))).isEmpty();
    }

    @Test
    void requiresExactlyOneAuthMethod() {
        assertThat(validate(Map.of("orgUrl", ORG))).extracting(SettingProblem::path).containsExactly("okta.auth");
        assertThat(validate(Map.of("orgUrl", ORG, "auth.apiToken", token, "auth.oauth.clientId", "0oa1",
                "auth.oauth.privateKey", key))).singleElement()
                .satisfies(p -> assertThat(p.path()).isEqualTo("okta.auth"))
                .satisfies(p -> assertThat(p.message()).contains("not both"));
        assertThat(validate(Map.of("orgUrl", ORG, "auth.oauth.clientId", "0oa1"))).extracting(SettingProblem::path)
                .containsExactly("okta.auth.oauth.privateKey");
    }

    @Test
    void refusesTheAdminConsoleUrl() {
        assertThat(validate(Map.of("orgUrl", "https://example-admin.okta.com", "auth.apiToken", token))).singleElement()
                .satisfies(p -> assertThat(p.path()).isEqualTo("okta.orgUrl"))
                .satisfies(p -> assertThat(p.message()).contains("https://example.okta.com"));
    }

    @Test
    void macOsWithACustomCaIsAnErrorAtTheEnrollmentsCa() {
        var custom = new CaSpec.CustomCa("corp", TestPki.caChain("Corp").der(), "${file:chain.pem}");
        List<SettingProblem> problems = validate(Map.of("orgUrl", ORG, "auth.apiToken", token),
                Fixtures.enrollment("windows-ws1", Platform.WINDOWS, "workspaceone", ChallengeType.STATIC, custom),
                Fixtures.enrollment("macos-jamf", Platform.MACOS, "jamf", ChallengeType.DYNAMIC, custom));

        assertThat(problems).singleElement().satisfies(p -> assertThat(p.path()).isEqualTo("enrollments[1].ca"))
                .satisfies(p -> assertThat(p.message()).contains("macOS").contains("ca: okta"));
    }

    @Test
    void delegatedChallengeNeedsTheIntuneConnector() {
        ConnectorSettings settings = new ConnectorSettings("okta", "okta", Map.of("orgUrl", ORG, "auth.apiToken", token));
        var delegated = Fixtures.enrollment("windows-intune", Platform.WINDOWS, "intune", ChallengeType.DELEGATED, new CaSpec.OktaCa());

        assertThat(provider.validate(settings, Fixtures.state(settings, List.of(delegated)))).singleElement()
                .satisfies(p -> assertThat(p.path()).isEqualTo("enrollments[0].challenge"))
                .satisfies(p -> assertThat(p.message()).contains("mdm.intune"));
        assertThat(provider.validate(settings, Fixtures.state(settings, List.of(delegated), Fixtures.intuneSettings()))).isEmpty();
    }

    @Test
    void oneCustomCaNameMeansOneChain() {
        List<SettingProblem> problems = validate(Map.of("orgUrl", ORG, "auth.apiToken", token),
                Fixtures.enrollment("a", Platform.WINDOWS, "intune", ChallengeType.DELEGATED,
                        new CaSpec.CustomCa("corp", TestPki.caChain("A").der(), "a.pem")),
                Fixtures.enrollment("b", Platform.WINDOWS, "workspaceone", ChallengeType.STATIC,
                        new CaSpec.CustomCa("corp", TestPki.caChain("B").der(), "b.pem")));

        assertThat(problems).singleElement().satisfies(p -> assertThat(p.path()).isEqualTo("enrollments[1].ca"));
    }

    @Test
    void enrollmentNameMustFitOktasNameLimit() {
        assertThat(validate(Map.of("orgUrl", ORG, "auth.apiToken", token),
                Fixtures.enrollment("x".repeat(93), Platform.WINDOWS, "intune", ChallengeType.DELEGATED, new CaSpec.OktaCa())))
                .extracting(SettingProblem::path).containsExactly("enrollments[0].name");
    }
}
