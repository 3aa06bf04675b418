package io.scephub.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.model.CaSpec;
import io.scephub.core.model.CertificateSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.ExtendedKeyUsage;
import io.scephub.core.model.GroupScope;
import io.scephub.core.model.KeyUsage;
import io.scephub.core.model.NameLimits;
import io.scephub.core.model.Platform;
import io.scephub.core.model.SettingProblem;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NameLengthsTest {
    private static final NameLimits LIMITS = new NameLimits("Jamf", "configuration profile", 30, "computer group", 20,
            "unverified: test limit");

    private static EnrollmentSpec enrollment(String name, String mdm, List<String> include, List<String> exclude) {
        CertificateSpec certificate = new CertificateSpec("CN=x", List.of(), 2048, "sha256", Set.of(KeyUsage.DIGITAL_SIGNATURE),
                List.of(ExtendedKeyUsage.CLIENT_AUTH), Period.ofYears(1), 20);
        return new EnrollmentSpec(name, Platform.MACOS, mdm, ChallengeType.DYNAMIC, new CaSpec.OktaCa(), certificate,
                new GroupScope(include, exclude), Optional.empty(), Optional.empty());
    }

    @Test
    void tooLongGroupAndObjectNamesAreReportedAtTheirPlaceWithLengthAndLimit() {
        String huge = "G".repeat(10_000);
        DesiredState state = new DesiredState(Map.of(), List.of(
                enrollment("other", "intune", List.of(huge), List.of()),
                enrollment("a-very-long-enrollment-name-x", "jamf", List.of("ok", huge), List.of("exactly-twenty-chars"))));

        List<SettingProblem> problems = NameLengths.check(state, e -> e.mdm().equals("jamf"), LIMITS);

        assertThat(problems).extracting(SettingProblem::path)
                .containsExactly("enrollments[1].name", "enrollments[1].groups.include[1]");
        assertThat(problems.get(0).message()).contains("\"scephub a-very-long-enrollment-name-x\"").contains("37 characters")
                .contains("at most 30").contains("unverified: test limit");
        assertThat(problems.get(1).message()).startsWith("\"" + "G".repeat(40) + "…(10000 chars)\" is 10000 characters")
                .contains("Jamf computer group names are at most 20").hasSizeLessThan(300);
    }

    @Test
    void charactersNotUtf16UnitsAreCounted() {
        DesiredState state = new DesiredState(Map.of(), List.of(enrollment("m", "jamf", List.of("😀".repeat(20)), List.of())));
        assertThat(NameLengths.check(state, e -> true, LIMITS)).isEmpty();
    }
}
