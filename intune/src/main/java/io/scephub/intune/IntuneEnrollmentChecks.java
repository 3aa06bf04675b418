package io.scephub.intune;

import io.scephub.core.check.CheckResult;
import io.scephub.core.contract.ScepConfiguration;
import io.scephub.core.contract.ScepOutput;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Intune's online checks of each enrollment it serves: the SCEP profile exists, points at Okta's
 * SCEP URL, requests client authentication, stores the certificate at device (machine) level, is
 * bound to the enrollment's trusted root carrying Okta's CA, and is assigned to exactly the
 * configured groups.
 */
final class IntuneEnrollmentChecks {
    // A check is named after the resource kind it looks at.
    static final String PROFILE = IntuneScepProfile.KIND + ".exists";
    static final String URL = IntuneScepProfile.KIND + ".url";
    static final String EKU = IntuneScepProfile.KIND + ".eku";
    static final String LEVEL = IntuneScepProfile.KIND + ".level";
    static final String ROOT = IntuneScepProfile.KIND + ".root";
    static final String SCOPE = IntuneAssignment.KIND + ".scope";
    private static final String MACHINE = "machine";

    private IntuneEnrollmentChecks() {
    }

    static List<CheckResult> check(DesiredState state, Map<ResourceKey, ActualResource> actual) {
        List<CheckResult> results = new ArrayList<>();
        for (EnrollmentSpec enrollment : state.enrollments()) {
            if (IntuneConnectorProvider.ID.equals(enrollment.mdm())) {
                results.addAll(check(enrollment, actual));
            }
        }
        return results;
    }

    static List<CheckResult> check(EnrollmentSpec enrollment, Map<ResourceKey, ActualResource> actual) {
        String name = enrollment.name();
        List<CheckResult> results = new ArrayList<>();
        ActualResource profile = actual.get(IntuneScepProfile.key(name));
        if (profile == null) {
            results.add(CheckResult.fail(name, PROFILE, "Intune has no SCEP profile for the enrollment (none carries the marker ["
                    + "scephub:" + IntuneScepProfile.key(name) + "])", "Run scephub plan, then scephub apply"));
            return results;
        }
        Map<String, Object> attributes = profile.attributes();
        String label = "Intune SCEP profile \"" + attributes.get(IntuneScepProfile.DISPLAY_NAME) + "\" (" + profile.vendorId() + ")";
        results.add(CheckResult.pass(name, PROFILE, label + " exists"));
        results.add(url(name, label, attributes, actual.get(ScepConfiguration.key(name))));
        results.add(eku(name, label, attributes));
        Object store = attributes.get(IntuneScepProfile.CERTIFICATE_STORE);
        results.add(MACHINE.equals(store)
                ? CheckResult.pass(name, LEVEL, label + " stores the certificate in the device (machine) store")
                : CheckResult.fail(name, LEVEL, label + " stores the certificate in the " + store + " store; Okta Device Access "
                        + "needs a device certificate in the machine store", "Run scephub apply (sets certificateStore to machine)"));
        results.add(root(name, label, attributes, actual.get(IntuneTrustedRoot.key(name)),
                actual.get(ScepConfiguration.key(name))));
        results.add(scope(enrollment, actual.get(IntuneAssignment.key(name))));
        return results;
    }

    private static CheckResult url(String name, String label, Map<String, Object> attributes, ActualResource okta) {
        Object urls = attributes.get(IntuneScepProfile.SCEP_SERVER_URLS);
        Optional<Object> expected = ScepConfiguration.output(okta, ScepOutput.SCEP_URL);
        if (expected.isEmpty()) {
            return CheckResult.skipped(name, URL, label + " has SCEP URL(s) " + urls + "; Okta has no SCEP configuration to compare with");
        }
        if (List.of(expected.get()).equals(urls)) {
            return CheckResult.pass(name, URL, label + " points at Okta's SCEP URL " + expected.get());
        }
        return CheckResult.fail(name, URL, label + " has SCEP URL(s) " + urls + ", expected Okta's " + expected.get(),
                "Run scephub apply to put Okta's SCEP URL back (the profile was edited outside scephub)");
    }

    private static CheckResult eku(String name, String label, Map<String, Object> attributes) {
        List<String> oids = new ArrayList<>();
        if (attributes.get(IntuneScepProfile.EXTENDED_KEY_USAGES) instanceof List<?> list) {
            for (Object eku : list) {
                if (eku instanceof Map<?, ?> map) {
                    oids.add(String.valueOf(map.get("objectIdentifier")));
                }
            }
        }
        if (oids.contains(IntuneVocabulary.CLIENT_AUTH_OID)) {
            return CheckResult.pass(name, EKU, label + " requests Client Authentication (" + IntuneVocabulary.CLIENT_AUTH_OID + ")");
        }
        return CheckResult.fail(name, EKU, label + " requests extended key usages " + oids + " without Client Authentication ("
                + IntuneVocabulary.CLIENT_AUTH_OID + ")", "Run scephub apply (adds Client Authentication to the profile's EKUs)");
    }

    private static CheckResult root(String name, String label, Map<String, Object> attributes, ActualResource trustedRoot,
                                    ActualResource okta) {
        if (trustedRoot == null) {
            return CheckResult.fail(name, ROOT, "Intune has no trusted-root profile for the enrollment",
                    "Run scephub apply to create it and bind the SCEP profile to it");
        }
        if (!Objects.equals(attributes.get(IntuneScepProfile.ROOT_CERTIFICATE), trustedRoot.vendorId())) {
            return CheckResult.fail(name, ROOT, label + " is bound to root " + attributes.get(IntuneScepProfile.ROOT_CERTIFICATE)
                    + ", not to the enrollment's trusted-root profile " + trustedRoot.vendorId(), "Run scephub apply to re-bind it");
        }
        Object expected = ScepConfiguration.output(okta, ScepOutput.CA_CERTIFICATE).orElse(null);
        Object carried = trustedRoot.attributes().get(IntuneTrustedRoot.CERTIFICATE);
        if (expected != null && !expected.equals(carried)) {
            return CheckResult.fail(name, ROOT, "the trusted-root profile " + trustedRoot.vendorId()
                    + " carries a different certificate than the root of Okta's CA", "Run scephub apply to replace it with Okta's root");
        }
        return CheckResult.pass(name, ROOT, label + " is bound to the trusted-root profile " + trustedRoot.vendorId()
                + (expected != null ? ", which carries the root of Okta's CA" : ""));
    }

    private static CheckResult scope(EnrollmentSpec enrollment, ActualResource assignment) {
        String name = enrollment.name();
        List<String> include = List.copyOf(new TreeSet<>(enrollment.groups().include()));
        List<String> exclude = List.copyOf(new TreeSet<>(enrollment.groups().exclude()));
        if (assignment == null) {
            return CheckResult.fail(name, SCOPE, "the enrollment's profiles are assigned to no group (configured include " + include + ")",
                    "Run scephub apply to assign them");
        }
        Object actualInclude = assignment.attributes().get(IntuneAssignment.INCLUDE);
        Object actualExclude = assignment.attributes().get(IntuneAssignment.EXCLUDE);
        if (include.equals(actualInclude) && exclude.equals(actualExclude)) {
            return CheckResult.pass(name, SCOPE, "assigned to " + include + (exclude.isEmpty() ? "" : ", excluding " + exclude));
        }
        return CheckResult.fail(name, SCOPE, "assigned to " + actualInclude + " excluding " + actualExclude + "; configured "
                + include + " excluding " + exclude, "Run scephub apply to restore the configured assignment");
    }
}
