package io.scephub.intune;

import io.scephub.core.model.CertificateSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.ExtendedKeyUsage;
import io.scephub.core.model.Platform;
import io.scephub.core.model.SettingProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Offline checks of the {@code mdm.intune} settings the config reader cannot judge alone (the renewal
 * budget) and of the enrollments Intune serves: what Graph's SCEP profile types can express.
 */
final class IntuneValidation {
    /** Variables in another MDM's syntax: Jamf's $COMPUTERNAME, Workspace ONE's {DeviceUid}-less %Var%. */
    private static final Pattern FOREIGN_VARIABLE = Pattern.compile("\\$[A-Z][A-Z_]+|%[A-Za-z_]+%");

    private IntuneValidation() {
    }

    static List<SettingProblem> validate(ConnectorSettings settings, DesiredState state) {
        List<SettingProblem> problems = new ArrayList<>();
        validateBudget(settings, problems);
        List<EnrollmentSpec> enrollments = state.enrollments();
        for (int i = 0; i < enrollments.size(); i++) {
            EnrollmentSpec enrollment = enrollments.get(i);
            if (IntuneConnectorProvider.ID.equals(enrollment.mdm())) {
                validateEnrollment("enrollments[" + i + "]", enrollment, problems);
            }
        }
        return problems;
    }

    private static void validateBudget(ConnectorSettings settings, List<SettingProblem> problems) {
        for (String key : List.of(IntuneSettings.MAX_DEVICES_PER_WINDOW, IntuneSettings.MAX_PROFILES_PER_WINDOW)) {
            if (settings.has(key)) {
                long value = settings.number(key);
                if (value < 1 || value > Integer.MAX_VALUE) {
                    problems.add(new SettingProblem(settings.section() + "." + key, value + " is out of range; expected a whole "
                            + "number from 1 to " + Integer.MAX_VALUE + " (at least one redistribution must fit in a window)"));
                }
            }
        }
        if (settings.has(IntuneSettings.REDISTRIBUTION_WINDOW)) {
            Duration window = settings.duration(IntuneSettings.REDISTRIBUTION_WINDOW);
            if (window.isNegative() || window.isZero()) {
                problems.add(new SettingProblem(settings.section() + "." + IntuneSettings.REDISTRIBUTION_WINDOW, window
                        + " is not a positive duration; expected at least 1s, e.g. 1h"));
            }
        }
    }

    private static void validateEnrollment(String at, EnrollmentSpec enrollment, List<SettingProblem> problems) {
        if (enrollment.challenge() != ChallengeType.DELEGATED) {
            String given = enrollment.challenge() == null ? "(none)" : enrollment.challenge().configName();
            problems.add(new SettingProblem(at + ".challenge", "\"" + given + "\" cannot be used with Intune: an Intune SCEP "
                    + "profile has no field for a challenge. Intune issues a challenge per device and Okta validates it "
                    + "with Intune, so use challenge: delegated"));
        }
        if (enrollment.platform() != Platform.WINDOWS && enrollment.platform() != Platform.MACOS) {
            problems.add(new SettingProblem(at + ".platform", "Intune profiles are built for windows or macos, got "
                    + enrollment.platform()));
        }
        CertificateSpec certificate = enrollment.certificate();
        if (certificate == null) {
            problems.add(new SettingProblem(at + ".certificate", "is required for an Intune enrollment (at least subject)"));
        } else {
            validateCertificate(at + ".certificate", enrollment.platform(), certificate, problems);
        }
        if (enrollment.groups() != null) {
            Set<String> both = new LinkedHashSet<>(enrollment.groups().include());
            both.retainAll(Set.copyOf(enrollment.groups().exclude()));
            if (!both.isEmpty()) {
                problems.add(new SettingProblem(at + ".groups.exclude", "groups " + both
                        + " are both included and excluded; Intune lets the exclusion win, so drop one of them"));
            }
        }
    }

    private static void validateCertificate(String at, Platform platform, CertificateSpec certificate, List<SettingProblem> problems) {
        if (IntuneVocabulary.keySize(certificate.keySize()).isEmpty()) {
            problems.add(new SettingProblem(at + ".keySize", certificate.keySize()
                    + " is not a key size Intune offers; use 1024, 2048 or 4096"));
        }
        if (IntuneVocabulary.hashAlgorithm(certificate.hashAlgorithm()).isEmpty()) {
            problems.add(new SettingProblem(at + ".hashAlgorithm", "\"" + certificate.hashAlgorithm()
                    + "\" has no Intune equivalent; Intune offers SHA-1 and SHA-2 (use sha256)"));
        }
        if (IntuneVocabulary.validity(certificate.validity()).isEmpty()) {
            problems.add(new SettingProblem(at + ".validity", certificate.validity()
                    + " cannot be expressed in one Intune unit; use whole days, months or years (e.g. 365d, 12m, 1y)"));
        }
        int threshold = certificate.renewalThresholdPercent();
        if (threshold != 0 && (threshold < 1 || threshold > 99)) {
            problems.add(new SettingProblem(at + ".renewalThresholdPercent", threshold + " is outside Intune's 1-99 percent"));
        }
        List<ExtendedKeyUsage> ekus = certificate.extendedKeyUsages();
        if (!ekus.isEmpty() && ekus.stream().noneMatch(eku -> IntuneVocabulary.CLIENT_AUTH_OID.equals(eku.oid()))) {
            problems.add(new SettingProblem(at + ".extendedKeyUsages", "must include Client Authentication ("
                    + IntuneVocabulary.CLIENT_AUTH_OID + "): Okta Device Access accepts only client-auth device certificates"));
        }
        String subject = certificate.subject();
        if (subject == null || subject.isBlank()) {
            problems.add(new SettingProblem(at + ".subject", "is required: Intune profiles use a custom subject, e.g. "
                    + example(platform)));
        } else {
            Matcher foreign = FOREIGN_VARIABLE.matcher(subject);
            if (foreign.find()) {
                problems.add(new SettingProblem(at + ".subject", "\"" + foreign.group() + "\" is another MDM's variable syntax and "
                        + "would reach the certificate literally; Intune fills {{...}} variables, e.g. " + example(platform)));
            }
        }
    }

    private static String example(Platform platform) {
        return platform == Platform.MACOS
                ? "CN={{DeviceName}} or CN={{SerialNumber}} (macOS: device variables such as {{DeviceName}}, {{SerialNumber}}, {{AAD_Device_ID}})"
                : "CN={{DeviceId}} or CN={{AAD_Device_ID}}";
    }
}
