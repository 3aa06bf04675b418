package io.scephub.intune;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.model.CertificateSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.ExtendedKeyUsage;
import io.scephub.core.model.GroupScope;
import io.scephub.core.model.KeyUsage;
import io.scephub.core.model.Platform;
import io.scephub.core.model.SettingDef;
import io.scephub.core.model.SettingProblem;
import io.scephub.core.model.SettingType;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.renewal.RedistributionBudget;
import io.scephub.core.spi.CertificateFleet;
import io.scephub.core.spi.ConnectorProvider;
import io.scephub.core.spi.ConnectorRole;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IntuneConnectorProviderTest {
    private final IntuneConnectorProvider provider = new IntuneConnectorProvider();

    @Test
    void isFoundThroughTheServiceLoaderAsTheIntuneMdm() {
        ConnectorProvider found = ServiceLoader.load(ConnectorProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.id().equals("intune")).findFirst().orElseThrow();
        assertThat(found.role()).isEqualTo(ConnectorRole.MDM);
        assertThat(found.settingsSchema().section()).isEqualTo("mdm.intune");
    }

    @Test
    void declaresItsSettingsWithTypesAndDefaults() {
        var schema = provider.settingsSchema();
        assertThat(schema.find("tenantId")).map(SettingDef::type).contains(SettingType.UUID);
        assertThat(schema.find("tenantId")).map(SettingDef::required).contains(true);
        assertThat(schema.find("clientId")).map(SettingDef::type).contains(SettingType.UUID);
        assertThat(schema.find("clientSecret")).map(SettingDef::type).contains(SettingType.SECRET);
        assertThat(schema.find("graphBaseUrl")).flatMap(SettingDef::defaultValue).contains("https://graph.microsoft.com/beta");
        assertThat(schema.find("authorityHost")).flatMap(SettingDef::defaultValue).contains("https://login.microsoftonline.com");
        assertThat(schema.find("http.requestsPerSecond")).as("an override; Graph's published limits apply by default")
                .hasValueSatisfying(def -> assertThat(def.defaultValue()).isEmpty());
    }

    @Test
    void aValidDelegatedWindowsEnrollmentHasNoProblems() {
        assertThat(validate(IntuneFixtures.enrollment("w", Platform.WINDOWS))).isEmpty();
    }

    @Test
    void nonDelegatedChallengeIsRefusedWithTheReason() {
        List<SettingProblem> problems = validate(IntuneFixtures.enrollment("w", Platform.WINDOWS, ChallengeType.STATIC,
                IntuneFixtures.certificate(), GroupScope.none()));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("enrollments[0].challenge");
            assertThat(p.message()).contains("\"static\"", "delegated", "no field for a challenge");
        });
    }

    @Test
    void keySizeHashAndEkuOutsideGraphsVocabularyAreReportedWherTheyAre() {
        CertificateSpec certificate = new CertificateSpec("CN={{DeviceId}}", List.of(), 3072, "sha512",
                Set.of(KeyUsage.DIGITAL_SIGNATURE), List.of(new ExtendedKeyUsage("Server Authentication", "1.3.6.1.5.5.7.3.1")),
                Period.of(1, 0, 5), 100);
        List<SettingProblem> problems = validate(IntuneFixtures.enrollment("w", Platform.WINDOWS, ChallengeType.DELEGATED,
                certificate, GroupScope.none()));
        assertThat(problems).extracting(SettingProblem::path).containsExactlyInAnyOrder(
                "enrollments[0].certificate.keySize", "enrollments[0].certificate.hashAlgorithm",
                "enrollments[0].certificate.validity", "enrollments[0].certificate.renewalThresholdPercent",
                "enrollments[0].certificate.extendedKeyUsages");
        assertThat(problems).filteredOn(p -> p.path().endsWith("extendedKeyUsages")).singleElement()
                .extracting(SettingProblem::message).asString().contains("1.3.6.1.5.5.7.3.2");
        assertThat(problems).filteredOn(p -> p.path().endsWith("keySize")).singleElement()
                .extracting(SettingProblem::message).asString().contains("1024, 2048 or 4096");
    }

    @Test
    void jamfStyleSubjectVariablesOnMacOsGetAnIntuneHint() {
        CertificateSpec certificate = new CertificateSpec("CN=$COMPUTERNAME ODA", List.of(), 2048, null, Set.of(),
                List.of(), Period.ofYears(1), 20);
        List<SettingProblem> problems = validate(IntuneFixtures.enrollment("m", Platform.MACOS, ChallengeType.DELEGATED,
                certificate, GroupScope.none()));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("enrollments[0].certificate.subject");
            assertThat(p.message()).contains("$COMPUTERNAME", "{{DeviceName}}");
        });
    }

    @Test
    void enrollmentsOfOtherMdmsAreNotIntunesBusiness() {
        EnrollmentSpec jamf = new EnrollmentSpec("j", Platform.MACOS, "jamf", ChallengeType.DYNAMIC,
                new io.scephub.core.model.CaSpec.OktaCa(), IntuneFixtures.certificate(), GroupScope.none(), Optional.empty(), Optional.empty());
        assertThat(validate(jamf)).isEmpty();
        assertThat(provider.open(IntuneFixtures.settings(1), new TestContext()).desiredResources(IntuneFixtures.state(jamf))).isEmpty();
    }

    @Test
    void aGroupBothIncludedAndExcludedIsReported() {
        List<SettingProblem> problems = validate(IntuneFixtures.enrollment("w", Platform.WINDOWS, ChallengeType.DELEGATED,
                IntuneFixtures.certificate(), new GroupScope(List.of("A", "B"), List.of("B"))));
        assertThat(problems).singleElement().extracting(SettingProblem::path).isEqualTo("enrollments[0].groups.exclude");
    }

    @Test
    void expandsEachIntuneEnrollmentIntoRootScepProfileAndAssignmentWiredByOutputs() {
        var connector = provider.open(IntuneFixtures.settings(1), new TestContext());
        List<Resource> resources = connector.desiredResources(IntuneFixtures.state(IntuneFixtures.enrollment("w", Platform.WINDOWS)));
        assertThat(resources).extracting(r -> r.key().toString())
                .containsExactly("intune.trusted-root/w", "intune.scep-profile/w", "intune.assignment/w");
        Resource scep = resources.get(1);
        assertThat(scep.dependsOn()).contains(ResourceKey.parse("intune.trusted-root/w"), ResourceKey.parse("okta.scep-configuration/w"));
        assertThat(scep.attributes().get("scepServerUrls"))
                .isEqualTo(List.of(new OutputRef(ResourceKey.parse("okta.scep-configuration/w"), "scepUrl")));
        assertThat(scep.replaceOn()).containsExactly("platform");
        Resource assignment = resources.get(2);
        assertThat(assignment.attributes()).containsEntry("include", List.of("ODA Windows Pilot")).containsEntry("exclude", List.of("Kiosks"));
        assertThat(assignment.dependsOn()).containsExactlyInAnyOrder(
                ResourceKey.parse("intune.trusted-root/w"), ResourceKey.parse("intune.scep-profile/w"));
    }

    @Test
    void plainHttpIsRefusedForAnythingButLoopback() {
        var settings = IntuneFixtures.settings(1);
        Map<String, Object> values = new java.util.HashMap<>(settings.values());
        values.put("graphBaseUrl", "http://graph.example.com/beta");
        var insecure = new io.scephub.core.model.ConnectorSettings("intune", "mdm.intune", values);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> provider.open(insecure, new TestContext()))
                .hasMessageContaining("mdm.intune.graphBaseUrl").hasMessageContaining("https");
    }

    @Test
    void declaresTheRedistributionBudgetWithScephubsDefaults() {
        var schema = provider.settingsSchema();
        assertThat(schema.find("renewal.maxDevicesPerWindow")).flatMap(SettingDef::defaultValue).contains(2000L);
        assertThat(schema.find("renewal.maxProfilesPerWindow")).flatMap(SettingDef::defaultValue).contains(20L);
        assertThat(schema.find("renewal.window")).map(SettingDef::type).contains(SettingType.DURATION);
        assertThat(schema.find("renewal.window")).flatMap(SettingDef::defaultValue).contains("1h");
    }

    @Test
    void theConnectorsRedistributionBudgetComesFromTheRenewalSettings() {
        var connector = (CertificateFleet) provider.open(withRenewal(Map.of("renewal.maxDevicesPerWindow", 500L,
                "renewal.maxProfilesPerWindow", 1L, "renewal.window", Duration.ofMinutes(30))), new TestContext());
        assertThat(connector.redistributionBudget()).isEqualTo(new RedistributionBudget(500, 1, Duration.ofMinutes(30)));
    }

    @Test
    void unsetRenewalSettingsKeepTheDefaultBudgetPerValue() {
        var unset = (CertificateFleet) provider.open(IntuneFixtures.settings(1), new TestContext());
        assertThat(unset.redistributionBudget()).isEqualTo(RedistributionBudget.DEFAULT);
        var onlyProfiles = (CertificateFleet) provider.open(withRenewal(Map.of("renewal.maxProfilesPerWindow", 3L)), new TestContext());
        assertThat(onlyProfiles.redistributionBudget()).isEqualTo(new RedistributionBudget(2000, 3, Duration.ofHours(1)));
    }

    @Test
    void aBudgetBelowOneIsRejectedAtItsSetting() {
        List<SettingProblem> problems = provider.validate(withRenewal(Map.of("renewal.maxDevicesPerWindow", 0L,
                "renewal.maxProfilesPerWindow", -2L, "renewal.window", Duration.ZERO)), IntuneFixtures.state());
        assertThat(problems).extracting(SettingProblem::path).containsExactlyInAnyOrder(
                "mdm.intune.renewal.maxDevicesPerWindow", "mdm.intune.renewal.maxProfilesPerWindow", "mdm.intune.renewal.window");
        assertThat(problems).filteredOn(p -> p.path().endsWith("maxProfilesPerWindow")).singleElement()
                .extracting(SettingProblem::message).asString().contains("-2", "from 1");
        assertThat(problems).filteredOn(p -> p.path().endsWith("window")).singleElement()
                .extracting(SettingProblem::message).asString().contains("positive");
    }

    private static io.scephub.core.model.ConnectorSettings withRenewal(Map<String, Object> renewal) {
        Map<String, Object> values = new java.util.HashMap<>(IntuneFixtures.settings(1).values());
        values.putAll(renewal);
        return new io.scephub.core.model.ConnectorSettings("intune", "mdm.intune", values);
    }

    private List<SettingProblem> validate(EnrollmentSpec enrollment) {
        return provider.validate(IntuneFixtures.settings(1), IntuneFixtures.state(enrollment));
    }
}
