package io.scephub.jamf;

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
import java.util.Optional;
import java.util.TreeSet;

/**
 * Jamf's online checks of each enrollment it serves: the profile exists, points at Okta's SCEP URL,
 * is stored at System (computer) level, is scoped to exactly the configured groups, and Jamf has
 * scephub's enabled SCEPChallenge webhook, through which it asks for each Mac's challenge.
 */
final class JamfEnrollmentChecks {
    // A check is named after the resource kind it looks at.
    static final String PROFILE = JamfConnector.KIND + ".exists";
    static final String URL = JamfConnector.KIND + ".url";
    static final String LEVEL = JamfConnector.KIND + ".level";
    static final String SCOPE = JamfConnector.KIND + ".scope";
    static final String WEBHOOK = JamfWebhooks.KIND + "." + JamfWebhooks.KEY.name();

    private JamfEnrollmentChecks() {
    }

    static List<CheckResult> check(DesiredState state, Map<ResourceKey, ActualResource> actual,
                                   Optional<JamfWebhookSettings> webhook) {
        List<CheckResult> results = new ArrayList<>();
        for (EnrollmentSpec enrollment : state.enrollments()) {
            if (JamfConnectorProvider.ID.equals(enrollment.mdm())) {
                results.addAll(check(enrollment, actual, webhook));
            }
        }
        return results;
    }

    private static List<CheckResult> check(EnrollmentSpec enrollment, Map<ResourceKey, ActualResource> actual,
                                           Optional<JamfWebhookSettings> webhook) {
        String name = enrollment.name();
        ActualResource profile = actual.get(JamfConnector.key(name));
        if (profile == null) {
            return List.of(CheckResult.fail(name, PROFILE, "Jamf has no profile for the enrollment (none carries the marker "
                    + "[scephub:" + JamfConnector.key(name) + "])", "Run scephub plan, then scephub apply"));
        }
        Map<String, Object> a = profile.attributes();
        String label = "Jamf profile \"" + a.get(JamfConnector.ATTR_NAME) + "\" (id " + profile.vendorId() + ")";
        List<CheckResult> results = new ArrayList<>();
        results.add(CheckResult.pass(name, PROFILE, label + " exists"));
        Optional<Object> expected = ScepConfiguration.output(actual.get(ScepConfiguration.key(name)), ScepOutput.SCEP_URL);
        Object url = a.get(JamfConnector.ATTR_SCEP_URL);
        if (expected.isEmpty()) {
            results.add(CheckResult.skipped(name, URL, label + " has SCEP URL " + url + "; Okta has no SCEP configuration to compare with"));
        } else if (expected.get().equals(url)) {
            results.add(CheckResult.pass(name, URL, label + " points at Okta's SCEP URL " + url));
        } else {
            results.add(CheckResult.fail(name, URL, label + " has SCEP URL " + url + ", expected Okta's " + expected.get(),
                    "Run scephub apply to put Okta's SCEP URL back (the profile was edited outside scephub)"));
        }
        Object level = a.get(JamfConnector.ATTR_LEVEL);
        results.add(JamfConnector.LEVEL_SYSTEM.equals(level)
                ? CheckResult.pass(name, LEVEL, label + " is a computer-level (System) profile")
                : CheckResult.fail(name, LEVEL, label + " is stored at " + level + " level; Okta Device Access needs a computer-level "
                        + "certificate (the UI label \"Computer Level\" sent over the API lands as User)",
                        "Run scephub apply (sends level System)"));
        List<String> include = List.copyOf(new TreeSet<>(enrollment.groups().include()));
        List<String> exclude = List.copyOf(new TreeSet<>(enrollment.groups().exclude()));
        if (include.equals(a.get(JamfConnector.ATTR_INCLUDE)) && exclude.equals(a.get(JamfConnector.ATTR_EXCLUDE))) {
            results.add(CheckResult.pass(name, SCOPE, label + " is scoped to " + include + (exclude.isEmpty() ? "" : " excluding " + exclude)));
        } else {
            results.add(CheckResult.fail(name, SCOPE, label + " is scoped to " + a.get(JamfConnector.ATTR_INCLUDE) + " excluding "
                    + a.get(JamfConnector.ATTR_EXCLUDE) + ", expected " + include + " excluding " + exclude, "Run scephub apply"));
        }
        ActualResource hook = actual.get(JamfWebhooks.KEY);
        if (webhook.isEmpty()) {
            results.add(CheckResult.fail(name, WEBHOOK, "mdm.jamf.webhook is not configured, so Jamf cannot ask scephub for a Mac's "
                    + "one-time challenge", "Set mdm.jamf.webhook.url, .username and .password (jamf/README.md), then scephub apply"));
        } else if (hook == null) {
            results.add(CheckResult.fail(name, WEBHOOK, "Jamf has no webhook \"" + JamfWebhooks.NAME + "\" at "
                    + webhook.get().url() + ", so Jamf cannot ask scephub for a Mac's one-time challenge", "Run scephub apply"));
        } else if (!Boolean.TRUE.equals(hook.attributes().get("enabled"))
                || !JamfWebhooks.EVENT.equals(hook.attributes().get("event"))) {
            results.add(CheckResult.fail(name, WEBHOOK, "Jamf webhook " + hook.vendorId() + " is not an enabled "
                    + JamfWebhooks.EVENT + " webhook", "Run scephub apply"));
        } else {
            results.add(CheckResult.pass(name, WEBHOOK, "Jamf webhook " + hook.vendorId() + " asks " + webhook.get().url()
                    + " for each Mac's challenge (SCEPChallenge, HTTP Basic)"));
        }
        return results;
    }
}
