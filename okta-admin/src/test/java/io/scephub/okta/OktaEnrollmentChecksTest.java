package io.scephub.okta;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.check.CheckResult;
import io.scephub.core.contract.ScepConfiguration;
import io.scephub.core.contract.ScepOutput;
import io.scephub.core.model.CaSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.Platform;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.fixtures.TestPki;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OktaEnrollmentChecksTest {
    private static final CaSpec.CustomCa CORP = new CaSpec.CustomCa("corp", TestPki.caChain("Corp").der(), "chain.pem");
    private static final EnrollmentSpec ENROLLMENT = Fixtures.enrollment("win", Platform.WINDOWS, "intune",
            ChallengeType.STATIC, CORP);

    @Test
    void activeConfigurationWithTheConfiguredChainPassesEveryCheck() {
        List<CheckResult> results = OktaEnrollmentChecks.check(ENROLLMENT, actual("ACTIVE", CertificateChains.sha256Hex(CORP.chainDer())));

        assertThat(results).extracting(CheckResult::status).containsOnly(CheckResult.Status.PASS);
        assertThat(results).extracting(CheckResult::name).contains(OktaEnrollmentChecks.ACTIVE, OktaEnrollmentChecks.CHAIN);
    }

    @Test
    void inactiveConfigurationAndADifferentChainFailWithNextSteps() {
        List<CheckResult> results = OktaEnrollmentChecks.check(ENROLLMENT, actual("INACTIVE", List.of("00ff")));

        assertThat(results).filteredOn(CheckResult::failed).extracting(CheckResult::name)
                .containsExactly(OktaEnrollmentChecks.ACTIVE, OktaEnrollmentChecks.CHAIN);
        assertThat(results).filteredOn(r -> r.name().equals(OktaEnrollmentChecks.CHAIN)).singleElement()
                .satisfies(r -> assertThat(r.nextStep()).contains("Upload the chain from chain.pem in the Okta Admin Console").contains("PEM or DER"));
    }

    @Test
    void missingConfigurationIsOneFailureNamingTheMarker() {
        List<CheckResult> results = OktaEnrollmentChecks.check(ENROLLMENT, Map.of());

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(CheckResult.Status.FAIL);
            assertThat(r.message()).contains("[scephub:okta.scep-configuration/win]");
        });
    }

    private static Map<ResourceKey, ActualResource> actual(String status, List<String> chainInOkta) {
        ResourceKey raKey = new ResourceKey(ScepConfiguration.KIND, "win");
        return Map.of(
                raKey, new ActualResource(raKey, "okta", "rac1", Map.of(OktaConnector.ATTR_NAME, "scephub win",
                        OktaConnector.ATTR_PLATFORM, "WINDOWS", OktaConnector.ATTR_CHALLENGE_TYPE, "STATIC",
                        OktaConnector.ATTR_CA, "corp", OktaConnector.ATTR_STATUS, status),
                        Map.of(ScepOutput.SCEP_URL.key(), "https://example.okta.com/pki/ab/scep/rac1",
                                OktaConnector.OUT_CA_ID, "ca1", OktaConnector.OUT_CA_CHAIN_SHA256, chainInOkta), Set.of()));
    }
}
