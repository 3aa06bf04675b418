package io.scephub.okta;

import io.scephub.core.contract.ScepConfiguration;
import io.scephub.core.contract.ScepOutput;
import io.scephub.core.error.SecretResolutionError;
import io.scephub.core.model.CaSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.Platform;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import io.scephub.core.model.SettingDef;
import io.scephub.core.model.SettingType;
import io.scephub.core.model.SettingsSchema;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.DesiredStateProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Console mode: SCEP configurations an admin adds in the Okta Admin Console (Security > Device
 * integrations > Device Access > Add SCEP configuration) instead of scephub calling Okta's API.
 * scephub takes what the console shows from references in the enrollment's {@code okta:} block and
 * hands it to the MDM connectors; for what is missing it says which value and prints the console
 * steps (okta/help pages cited in okta-admin/README.md).
 */
final class OktaConsole {
    static final String MANAGE = "manage";
    static final String MODE_API = "api";
    static final String MODE_CONSOLE = "console";
    // The enrollment's okta: settings are named after the contract's outputs they supply.
    static final String SCEP_URL = ScepOutput.SCEP_URL.key();
    static final String CA_CERTIFICATE = ScepOutput.CA_CERTIFICATE.key();
    static final String SECRET = "secret";
    static final String CHALLENGE_URL = ScepOutput.CHALLENGE_URL.key();
    static final String USERNAME = ScepOutput.USERNAME.key();
    static final String PASSWORD = ScepOutput.PASSWORD.key();
    /** The static challenge's secret key, as the console shows it; no MDM connector consumes it yet. */
    static final String OUT_SECRET = "secret";
    /** The vendor id of a configuration scephub does not read: it only knows what the console showed. */
    static final String CONSOLE_ID = "okta-admin-console";
    private static final String HELP = "https://help.okta.com/oie/en-us/content/topics/oda/";

    private OktaConsole() {
    }

    /** The block each enrollment may carry under {@code okta:}. */
    static SettingsSchema enrollmentSchema() {
        return new SettingsSchema("okta", "This enrollment's Okta SCEP configuration: made by scephub (manage: api) or in the Okta "
                + "Admin Console (manage: console, with the values the console showed as references).", List.of(
                SettingDef.optional(MANAGE, SettingType.STRING, "api: scephub creates the SCEP configuration through Okta's API; "
                        + "console: an admin adds it in the Okta Admin Console and scephub never calls those routes. "
                        + "Default: okta.manage.").oneOf(MODE_API, MODE_CONSOLE),
                SettingDef.optional(SCEP_URL, SettingType.SECRET, "Console mode: the SCEP URL the console shows after Generate."),
                SettingDef.optional(CA_CERTIFICATE, SettingType.SECRET, "Console mode: the CA certificate downloaded from the console "
                        + "as PEM (the last certificate is the root). Required for delegated challenges."),
                SettingDef.optional(SECRET, SettingType.SECRET, "Console mode, static challenge: the Secret key the console shows once."),
                SettingDef.optional(CHALLENGE_URL, SettingType.SECRET, "Console mode, dynamic challenge: the Challenge URL."),
                SettingDef.optional(USERNAME, SettingType.SECRET, "Console mode, dynamic challenge: the Username."),
                SettingDef.optional(PASSWORD, SettingType.SECRET, "Console mode, dynamic challenge: the Password the console shows once.")));
    }

    /** Whether the enrollment's Okta side is managed in the console: its own {@code manage}, else the section's. */
    static boolean isConsole(EnrollmentSpec enrollment, String sectionMode) {
        return MODE_CONSOLE.equals(enrollment.settingsFor(OktaConnectorProvider.ID)
                .flatMap(block -> block.optionalString(MANAGE)).orElse(sectionMode));
    }

    /** The values the console shows for this enrollment's challenge type, in the order the console shows them. */
    static List<String> valuesFor(EnrollmentSpec enrollment) {
        List<String> keys = new ArrayList<>(List.of(SCEP_URL));
        switch (enrollment.challenge()) {
            case STATIC -> keys.add(SECRET);
            case DYNAMIC -> keys.addAll(List.of(CHALLENGE_URL, USERNAME, PASSWORD));
            case DELEGATED -> keys.add(CA_CERTIFICATE);
        }
        return keys;
    }

    /** Values that are required for the challenge type (the static secret is optional: no MDM connector writes it). */
    private static List<String> requiredFor(EnrollmentSpec enrollment) {
        return valuesFor(enrollment).stream().filter(key -> !key.equals(SECRET)).toList();
    }

    /** Offline checks of an enrollment's {@code okta:} block: values only in console mode and only its challenge type's. */
    static List<String> misplacedValues(EnrollmentSpec enrollment, boolean console) {
        Optional<ConnectorSettings> block = enrollment.settingsFor(OktaConnectorProvider.ID);
        if (block.isEmpty()) {
            return List.of();
        }
        List<String> allowed = new ArrayList<>(valuesFor(enrollment));
        allowed.add(CA_CERTIFICATE);
        List<String> problems = new ArrayList<>();
        for (String key : List.of(SCEP_URL, CA_CERTIFICATE, SECRET, CHALLENGE_URL, USERNAME, PASSWORD)) {
            if (!block.get().has(key)) {
                continue;
            }
            if (!console) {
                problems.add(key + ": only with manage: console (this enrollment's SCEP configuration is made through Okta's API)");
            } else if (!allowed.contains(key)) {
                problems.add(key + ": the console shows no " + key + " for a " + enrollment.challenge().configName()
                        + " challenge; it shows " + String.join(", ", valuesFor(enrollment)));
            }
        }
        return problems;
    }

    /**
     * The configuration as the console showed it, or a problem naming every missing value with the
     * console steps. Secret values are resolved here and registered with {@code redact}.
     */
    static Result read(EnrollmentSpec enrollment, Function<SecretRef, Secret> secrets, java.util.function.Consumer<String> redact) {
        Optional<ConnectorSettings> block = enrollment.settingsFor(OktaConnectorProvider.ID);
        Map<String, Secret> values = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<String> keys = new ArrayList<>(valuesFor(enrollment));
        if (!keys.contains(CA_CERTIFICATE)) {
            keys.add(CA_CERTIFICATE);
        }
        for (String key : keys) {
            Optional<SecretRef> ref = block.flatMap(b -> b.optionalSecret(key));
            if (ref.isEmpty()) {
                if (requiredFor(enrollment).contains(key)) {
                    missing.add(key + " (not set)");
                }
                continue;
            }
            try {
                Secret value = secrets.apply(ref.get());
                redact.accept(value.reveal());
                values.put(key, value);
            } catch (SecretResolutionError e) {
                missing.add(key + " (" + ref.get() + " cannot be read: " + e.getMessage() + ")");
            }
        }
        String field = block.isPresent() ? "okta" : "";
        if (!missing.isEmpty()) {
            return Result.problem(DesiredStateProblem.ofEnrollment(enrollment.name(), field, "this enrollment's Okta SCEP "
                    + "configuration is managed in the Okta Admin Console (manage: console) and scephub is missing "
                    + String.join(", ", missing) + ". " + runbook(enrollment)));
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put(ScepOutput.SCEP_URL.key(), values.get(SCEP_URL).reveal());
        if (values.containsKey(CA_CERTIFICATE)) {
            List<byte[]> chain;
            try {
                chain = CertificateChains.fromPem(values.get(CA_CERTIFICATE).reveal(), "okta." + CA_CERTIFICATE);
            } catch (IllegalArgumentException e) {
                return Result.problem(DesiredStateProblem.ofEnrollment(enrollment.name(), "okta." + CA_CERTIFICATE,
                        e.getMessage() + "; expected the CA certificate the Okta Admin Console offers for download, as PEM"));
            }
            outputs.put(ScepOutput.CA_CERTIFICATE.key(), CertificateChains.base64(chain.get(chain.size() - 1)));
            outputs.put(ScepOutput.CA_CERTIFICATE_FILE_NAME.key(), caName(enrollment) + "-root-ca.cer");
        }
        if (enrollment.challenge() == ChallengeType.DYNAMIC) {
            outputs.put(ScepOutput.CHALLENGE_URL.key(), values.get(CHALLENGE_URL).reveal());
            outputs.put(ScepOutput.USERNAME.key(), values.get(USERNAME).reveal());
            outputs.put(ScepOutput.PASSWORD.key(), values.get(PASSWORD));
        }
        if (values.containsKey(SECRET)) {
            outputs.put(OUT_SECRET, values.get(SECRET));
        }
        return new Result(Optional.of(new ActualResource(ScepConfiguration.key(enrollment.name()), OktaConnectorProvider.ID,
                CONSOLE_ID, OktaConnector.consoleAttributes(enrollment), outputs, Set.of())), Optional.empty());
    }

    private static String caName(EnrollmentSpec enrollment) {
        return enrollment.ca() instanceof CaSpec.CustomCa custom ? custom.name() : "okta";
    }

    /** The console steps that make this enrollment's SCEP configuration, and where each value goes. */
    static String runbook(EnrollmentSpec enrollment) {
        StringBuilder steps = new StringBuilder("In the Okta Admin Console (see ").append(helpPage(enrollment)).append("):");
        int n = 1;
        if (enrollment.ca() instanceof CaSpec.CustomCa custom) {
            steps.append("\n  ").append(n++).append(". Security > Device integrations > Device Access: upload the CA chain ")
                    .append(custom.source()).append(" under \"Use your own Certificate Authority\" (PEM or DER).");
        }
        steps.append("\n  ").append(n++).append(". Security > Device integrations > Device Access tab > Add SCEP configuration.");
        steps.append("\n  ").append(n++).append(". Platform: ").append(enrollment.platform() == Platform.MACOS ? "macOS" : "Windows")
                .append("; certificate authority: ").append(enrollment.ca() instanceof CaSpec.CustomCa custom
                        ? "your own CA \"" + custom.name() + "\"" : "Okta as the CA")
                .append("; SCEP URL challenge type: ").append(switch (enrollment.challenge()) {
                    case STATIC -> "Static SCEP URL";
                    case DYNAMIC -> "Dynamic SCEP URL, Generic";
                    case DELEGATED -> "Delegated SCEP URL, with the Entra tenant and app the MDM signs challenges with "
                            + "(console field names unverified)";
                }).append('.');
        steps.append("\n  ").append(n++).append(". Click Generate, copy ").append(switch (enrollment.challenge()) {
            case STATIC -> "the SCEP URL and the Secret key (shown only now; later: Actions > Reset secret key)";
            case DYNAMIC -> "the SCEP URL, Challenge URL, Username and Password (the password is shown only now; later: Actions > "
                    + "Reset password)";
            case DELEGATED -> "the SCEP URL and download the CA certificate (x509)";
        }).append(", then click Save.");
        steps.append("\n  ").append(n).append(". Put each value in a file or environment variable and reference it in this "
                + "enrollment:\n       okta:\n         manage: console");
        for (String key : valuesFor(enrollment)) {
            steps.append("\n         ").append(key).append(": ${file:okta/").append(enrollment.name()).append('/').append(key)
                    .append('}').append(key.equals(SECRET) ? "   # optional: no MDM connector writes it" : "");
        }
        return steps.toString();
    }

    private static String helpPage(EnrollmentSpec enrollment) {
        if (enrollment.platform() == Platform.MACOS && enrollment.challenge() == ChallengeType.DYNAMIC) {
            return HELP + "ca/oda-ca-scep-macos-jamf-dynamic.htm";
        }
        if (enrollment.platform() == Platform.MACOS && enrollment.challenge() == ChallengeType.STATIC) {
            return HELP + "ca/oda-ca-scep-macos-jamf-static.htm";
        }
        if (enrollment.platform() == Platform.WINDOWS && enrollment.challenge() == ChallengeType.DELEGATED) {
            return HELP + "ca/oda-ca-scep-windows-intune-delegated.htm";
        }
        return HELP + "oda-as-scep.htm";
    }

    /** A console configuration as read, or the problem that it cannot be. */
    record Result(Optional<ActualResource> configuration, Optional<DesiredStateProblem> problem) {
        static Result problem(DesiredStateProblem problem) {
            return new Result(Optional.empty(), Optional.of(problem));
        }
    }
}
