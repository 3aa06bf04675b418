package io.scephub.core.spi;

import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.Platform;
import io.scephub.core.model.SettingProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks every MDM provider makes on the enrollments it serves: which platforms and challenge types it supports. */
public final class EnrollmentChecks {
    private EnrollmentChecks() {
    }

    /**
     * Problems for each enrollment of {@code mdm} whose platform or challenge type the MDM cannot
     * deliver; {@code why} explains the challenge rule in the message.
     */
    public static List<SettingProblem> supported(DesiredState state, String mdm, Set<Platform> platforms,
                                                 Set<ChallengeType> challenges, String why) {
        List<SettingProblem> problems = new ArrayList<>();
        List<EnrollmentSpec> all = state.enrollments();
        for (int i = 0; i < all.size(); i++) {
            EnrollmentSpec e = all.get(i);
            if (!mdm.equals(e.mdm())) {
                continue;
            }
            if (!platforms.contains(e.platform())) {
                problems.add(new SettingProblem("enrollments[" + i + "].platform",
                        "\"" + e.platform().configName() + "\" is not supported by " + mdm + "; expected one of "
                                + names(platforms.stream().map(Platform::configName).toList())));
            }
            if (!challenges.contains(e.challenge())) {
                problems.add(new SettingProblem("enrollments[" + i + "].challenge",
                        "\"" + e.challenge().name().toLowerCase(Locale.ROOT) + "\" is not supported by " + mdm
                                + "; expected " + names(challenges.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList())
                                + " (" + why + ")"));
            }
        }
        return problems;
    }

    private static String names(List<String> names) {
        return String.join(" or ", names.stream().sorted().toList());
    }
}
