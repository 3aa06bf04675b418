package io.scephub.okta;

import io.scephub.core.check.CheckResult;
import io.scephub.core.contract.ScepConfiguration;
import io.scephub.core.contract.ScepOutput;
import io.scephub.core.model.CaSpec;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Okta's online checks of each enrollment: the SCEP configuration exists, is ACTIVE and matches the
 * platform and challenge type, and the CA chain Okta holds is the configured one (by the SHA-256 of
 * each certificate) or Okta's own CA.
 */
final class OktaEnrollmentChecks {
    // A check is named after the resource kind it looks at.
    static final String EXISTS = ScepConfiguration.KIND + ".exists";
    static final String ACTIVE = ScepConfiguration.KIND + ".active";
    static final String MATCHES = ScepConfiguration.KIND + ".matches";
    static final String CHAIN = "okta.ca-chain";

    private OktaEnrollmentChecks() {
    }

    static List<CheckResult> check(DesiredState state, Map<ResourceKey, ActualResource> actual) {
        List<CheckResult> results = new ArrayList<>();
        for (EnrollmentSpec enrollment : state.enrollments()) {
            results.addAll(check(enrollment, actual));
        }
        return results;
    }

    static List<CheckResult> check(EnrollmentSpec enrollment, Map<ResourceKey, ActualResource> actual) {
        String name = enrollment.name();
        List<CheckResult> results = new ArrayList<>();
        ActualResource ra = actual.get(ScepConfiguration.key(name));
        if (ra == null) {
            results.add(CheckResult.fail(name, EXISTS, "Okta has no SCEP configuration for the enrollment (none carries the "
                    + "marker [scephub:" + ScepConfiguration.KIND + "/" + name + "])", "Run scephub plan, then scephub apply"));
            return results;
        }
        String raLabel = "Okta SCEP configuration \"" + ra.attributes().get(OktaConnector.ATTR_NAME) + "\" (" + ra.vendorId() + ")";
        results.add(CheckResult.pass(name, EXISTS, raLabel + " exists, SCEP URL " + ra.outputs().get(ScepOutput.SCEP_URL.key())));
        Object status = ra.attributes().get(OktaConnector.ATTR_STATUS);
        results.add(OktaVocabulary.STATUS_ACTIVE.equals(status)
                ? CheckResult.pass(name, ACTIVE, raLabel + " is ACTIVE")
                : CheckResult.fail(name, ACTIVE, raLabel + " is " + status + ", so Okta refuses enrolments through it",
                        "Activate it in the Okta Admin Console (Security > Device integrations > Device Access); Okta's API has no route for it"));
        results.add(matches(enrollment, ra, raLabel));
        results.add(chain(enrollment, ra, raLabel, actual));
        return results;
    }

    private static CheckResult matches(EnrollmentSpec enrollment, ActualResource ra, String raLabel) {
        List<String> differences = new ArrayList<>();
        String platform = OktaVocabulary.platform(enrollment.platform());
        String challenge = OktaVocabulary.challengeType(enrollment.challenge());
        if (!platform.equals(ra.attributes().get(OktaConnector.ATTR_PLATFORM))) {
            differences.add("platform is " + ra.attributes().get(OktaConnector.ATTR_PLATFORM) + ", configured " + platform);
        }
        if (!challenge.equals(ra.attributes().get(OktaConnector.ATTR_CHALLENGE_TYPE))) {
            differences.add("challenge type is " + ra.attributes().get(OktaConnector.ATTR_CHALLENGE_TYPE) + ", configured " + challenge);
        }
        if (differences.isEmpty()) {
            return CheckResult.pass(enrollment.name(), MATCHES, raLabel + " is " + platform + " with a " + challenge + " challenge");
        }
        return CheckResult.fail(enrollment.name(), MATCHES, raLabel + ": " + String.join("; ", differences),
                "Run scephub plan to see the replacement, then scephub apply");
    }

    private static CheckResult chain(EnrollmentSpec enrollment, ActualResource ra, String raLabel,
                                     Map<ResourceKey, ActualResource> actual) {
        String name = enrollment.name();
        Object caInOkta = ra.attributes().get(OktaConnector.ATTR_CA);
        if (enrollment.ca() instanceof CaSpec.CustomCa custom) {
            if (!custom.name().equals(caInOkta)) {
                return CheckResult.fail(name, CHAIN, raLabel + " uses CA \"" + caInOkta + "\", configured \"" + custom.name() + "\"",
                        "Upload the chain from " + custom.source() + " in the Okta Admin Console if it is missing, then run scephub apply");
            }
            List<String> configured = CertificateChains.sha256Hex(custom.chainDer());
            Object inOkta = ra.outputs().get(OktaConnector.OUT_CA_CHAIN_SHA256);
            if (!configured.equals(inOkta)) {
                return CheckResult.fail(name, CHAIN, "the chain Okta holds for CA \"" + custom.name() + "\" (" + ra.outputs().get(OktaConnector.OUT_CA_ID)
                                + ") differs from " + custom.source() + " (SHA-256 of each certificate: Okta " + inOkta
                                + ", configured " + configured + ")",
                        "Upload the chain from " + custom.source() + " in the Okta Admin Console (PEM or DER; Okta's API has no upload route)");
            }
            return CheckResult.pass(name, CHAIN, "Okta holds the configured chain of CA \"" + custom.name() + "\" ("
                    + configured.size() + " certificate(s), SHA-256 match)");
        }
        if (!OktaConnector.OKTA_CA.equals(caInOkta)) {
            return CheckResult.fail(name, CHAIN, raLabel + " uses CA \"" + caInOkta + "\", configured Okta's own CA",
                    "Run scephub apply to move the enrollment to Okta's CA");
        }
        return CheckResult.pass(name, CHAIN, "Okta's own CA issues the certificates (Okta adds the Device Access extension itself)");
    }
}
