package io.scephub.core.spi;

import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.NameLimits;
import io.scephub.core.model.SettingProblem;
import io.scephub.core.text.DisplayName;
import java.util.ArrayList;
import java.util.List;

/**
 * Offline checks of name lengths against a vendor's limits, so a name the vendor would refuse (or
 * answer with a bare HTTP 500) is reported at its place in scephub.yaml before anything is called.
 */
public final class NameLengths {
    /** The prefix of every object name scephub chooses: {@code scephub <enrollment>}. */
    public static final String OBJECT_PREFIX = "scephub ";

    private NameLengths() {
    }

    /**
     * Problems for each enrollment {@code applies} to: its object name ({@code enrollments[i].name}) and
     * each group name ({@code enrollments[i].groups.include[j]} / {@code exclude[j]}) longer than {@code limits}.
     */
    public static List<SettingProblem> check(DesiredState state, java.util.function.Predicate<EnrollmentSpec> applies,
                                             NameLimits limits) {
        List<SettingProblem> problems = new ArrayList<>();
        List<EnrollmentSpec> all = state.enrollments();
        for (int i = 0; i < all.size(); i++) {
            EnrollmentSpec e = all.get(i);
            if (!applies.test(e)) {
                continue;
            }
            String objectName = OBJECT_PREFIX + e.name();
            int length = DisplayName.length(objectName);
            if (length > limits.objectName()) {
                problems.add(new SettingProblem("enrollments[" + i + "].name", "makes the " + limits.vendor() + " "
                        + limits.objectWord() + " name " + DisplayName.quote(objectName) + ", " + length + " characters; "
                        + limits.vendor() + " accepts at most " + limits.objectName() + " (" + limits.source()
                        + "); shorten the enrollment name"));
            }
            groups(problems, i, "include", e.groups().include(), limits);
            groups(problems, i, "exclude", e.groups().exclude(), limits);
        }
        return problems;
    }

    private static void groups(List<SettingProblem> problems, int i, String side, List<String> names, NameLimits limits) {
        for (int j = 0; j < names.size(); j++) {
            int length = DisplayName.length(names.get(j));
            if (length > limits.groupName()) {
                problems.add(new SettingProblem("enrollments[" + i + "].groups." + side + "[" + j + "]",
                        DisplayName.quote(names.get(j)) + " is " + length + " characters; " + limits.vendor() + " "
                                + limits.groupWord() + " names are at most " + limits.groupName() + " (" + limits.source()
                                + "), so no such group can exist"));
            }
        }
    }
}
