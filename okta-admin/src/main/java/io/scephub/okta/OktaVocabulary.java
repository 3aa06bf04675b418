package io.scephub.okta;

import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.Platform;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/** Okta's spellings of scephub's platform and challenge vocabularies, kept in one place. */
final class OktaVocabulary {
    static final String STATUS_ACTIVE = "ACTIVE";

    private static final Map<Platform, String> PLATFORMS = Map.of(Platform.MACOS, "MACOS", Platform.WINDOWS, "WINDOWS");
    private static final Map<ChallengeType, String> CHALLENGES = Map.of(
            ChallengeType.STATIC, "STATIC", ChallengeType.DYNAMIC, "DYNAMIC", ChallengeType.DELEGATED, "DELEGATED");

    private OktaVocabulary() {
    }

    static String platform(Platform platform) {
        return PLATFORMS.get(platform);
    }

    static Optional<Platform> platform(String okta) {
        return Arrays.stream(Platform.values()).filter(p -> PLATFORMS.get(p).equals(okta)).findFirst();
    }

    static String challengeType(ChallengeType type) {
        return CHALLENGES.get(type);
    }

    static Optional<ChallengeType> challengeType(String okta) {
        return Arrays.stream(ChallengeType.values()).filter(c -> CHALLENGES.get(c).equals(okta)).findFirst();
    }
}
