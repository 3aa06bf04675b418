package io.scephub.intune;

import static io.scephub.intune.IntuneFixtures.CA_B64;
import static io.scephub.intune.IntuneFixtures.SCEP_URL;
import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.check.CheckResult;
import io.scephub.core.contract.ScepConfiguration;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.Platform;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ResourceKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The EnrollmentCheck side of the Intune connector, over the resources a read returns. */
class IntuneEnrollmentChecksTest {
    private static final String WINDOWS = "windows-intune";
    private static final String WRONG_URL = "https://other.example.com/scep/old";
    private static final ResourceKey OKTA = ScepConfiguration.key(WINDOWS);

    private final DesiredState state = IntuneFixtures.state(IntuneFixtures.enrollment(WINDOWS, Platform.WINDOWS));
    private final Map<ResourceKey, ActualResource> actual = new LinkedHashMap<>();
    private final Map<String, Object> scep = new LinkedHashMap<>();

    IntuneEnrollmentChecksTest() {
        scep.put(IntuneScepProfile.DISPLAY_NAME, "Okta Device Access SCEP (" + WINDOWS + ")");
        scep.put(IntuneScepProfile.SCEP_SERVER_URLS, List.of(SCEP_URL));
        scep.put(IntuneScepProfile.EXTENDED_KEY_USAGES, List.of(Map.of("name", "Client Authentication",
                "objectIdentifier", IntuneVocabulary.CLIENT_AUTH_OID)));
        scep.put(IntuneScepProfile.CERTIFICATE_STORE, "machine");
        scep.put(IntuneScepProfile.ROOT_CERTIFICATE, "root-1");
        put(new ActualResource(OKTA, "okta", "okta-1", Map.of(), Map.of("scepUrl", SCEP_URL, "caCertificate", CA_B64), Set.of()));
        put(new ActualResource(IntuneTrustedRoot.key(WINDOWS), "intune", "root-1", Map.of(IntuneTrustedRoot.CERTIFICATE, CA_B64),
                Map.of("id", "root-1"), Set.of()));
        assigned(List.of("ODA Windows Pilot"), List.of("Kiosks"));
    }

    private void put(ActualResource resource) {
        actual.put(resource.key(), resource);
    }

    private void assigned(List<String> include, List<String> exclude) {
        put(new ActualResource(IntuneAssignment.key(WINDOWS), "intune", "scep-1",
                Map.of(IntuneAssignment.INCLUDE, include, IntuneAssignment.EXCLUDE, exclude), Map.of(), Set.of()));
    }

    private List<CheckResult> check() {
        put(new ActualResource(IntuneScepProfile.key(WINDOWS), "intune", "scep-1", scep, Map.of("id", "scep-1"), Set.of()));
        return IntuneEnrollmentChecks.check(state, actual);
    }

    private static CheckResult named(List<CheckResult> results, String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + results));
    }

    @Test
    void aProfileAsScephubWroteItPassesEveryCheck() {
        List<CheckResult> results = check();

        assertThat(results).extracting(CheckResult::name).containsExactly(IntuneEnrollmentChecks.PROFILE, IntuneEnrollmentChecks.URL,
                IntuneEnrollmentChecks.EKU, IntuneEnrollmentChecks.LEVEL, IntuneEnrollmentChecks.ROOT, IntuneEnrollmentChecks.SCOPE);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(CheckResult.Status.PASS);
            assertThat(r.subject()).isEqualTo(WINDOWS);
        });
    }

    @Test
    void aWrongScepUrlFailsNamingBothUrls() {
        scep.put(IntuneScepProfile.SCEP_SERVER_URLS, List.of(WRONG_URL));

        CheckResult url = named(check(), IntuneEnrollmentChecks.URL);

        assertThat(url.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(url.message()).contains(WRONG_URL, SCEP_URL, "scep-1");
        assertThat(url.nextStep()).contains("scephub apply");
    }

    @Test
    void withoutAnOktaConfigurationTheUrlCheckIsSkipped() {
        actual.remove(OKTA);

        assertThat(named(check(), IntuneEnrollmentChecks.URL).status()).isEqualTo(CheckResult.Status.SKIPPED);
    }

    @Test
    void aProfileWithoutClientAuthenticationFailsTheEkuCheck() {
        scep.put(IntuneScepProfile.EXTENDED_KEY_USAGES, List.of(Map.of("name", "Server Authentication",
                "objectIdentifier", "1.3.6.1.5.5.7.3.1")));

        CheckResult eku = named(check(), IntuneEnrollmentChecks.EKU);

        assertThat(eku.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(eku.message()).contains("1.3.6.1.5.5.7.3.1", IntuneVocabulary.CLIENT_AUTH_OID);
    }

    @Test
    void aUserStoreProfileFailsTheLevelCheck() {
        scep.put(IntuneScepProfile.CERTIFICATE_STORE, "user");

        CheckResult level = named(check(), IntuneEnrollmentChecks.LEVEL);

        assertThat(level.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(level.message()).contains("user store");
    }

    @Test
    void assignmentDriftFailsShowingActualAndConfiguredGroups() {
        assigned(List.of("All devices"), List.of());

        CheckResult scope = named(check(), IntuneEnrollmentChecks.SCOPE);

        assertThat(scope.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(scope.message()).contains("assigned to [All devices] excluding []", "configured [ODA Windows Pilot] excluding [Kiosks]");
        assertThat(scope.nextStep()).contains("restore the configured assignment");
    }

    @Test
    void aProfileBoundToAnotherRootFailsTheRootCheck() {
        scep.put(IntuneScepProfile.ROOT_CERTIFICATE, "root-old");

        CheckResult root = named(check(), IntuneEnrollmentChecks.ROOT);

        assertThat(root.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(root.message()).contains("root-old", "root-1");
    }

    @Test
    void aMissingProfileIsOneFailureNamingItsMarker() {
        List<CheckResult> results = IntuneEnrollmentChecks.check(state, actual);

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo(IntuneEnrollmentChecks.PROFILE);
            assertThat(r.status()).isEqualTo(CheckResult.Status.FAIL);
            assertThat(r.message()).contains("[scephub:intune.scep-profile/" + WINDOWS + "]");
        });
    }
}
