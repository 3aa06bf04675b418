package io.scephub.jamf;

import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import io.scephub.core.model.Secret;
import java.util.Optional;

/**
 * Where Jamf keeps its "Dynamic-Microsoft CA" challenge settings (challenge URL, username,
 * password) inside the SCEP payload's {@code PayloadContent}. UNVERIFIED: Jamf does not document
 * this and no exported example was found; the keys below follow the Jamf UI's field labels. This is
 * the only class that knows them: confirm against a real tenant (jamf/README.md says how) and fix here.
 */
final class JamfDynamicChallengePayload {
    static final String CHALLENGE_TYPE_KEY = "Challenge Type";
    static final String CHALLENGE_TYPE = "Dynamic-Microsoft CA";
    static final String CHALLENGE_URL_KEY = "URL To SCEP Admin";
    static final String USERNAME_KEY = "Username";
    static final String PASSWORD_KEY = "Password";

    /** The three settings as scephub sees them; the password is absent until an admin provides it. */
    record Settings(String challengeUrl, String username, Optional<Secret> password) {
    }

    private JamfDynamicChallengePayload() {
    }

    static void write(NSDictionary scepContent, Settings settings) {
        scepContent.put(CHALLENGE_TYPE_KEY, CHALLENGE_TYPE);
        scepContent.put(CHALLENGE_URL_KEY, settings.challengeUrl());
        scepContent.put(USERNAME_KEY, settings.username());
        settings.password().ifPresent(p -> scepContent.put(PASSWORD_KEY, p.reveal()));
    }

    /** True when the payload still holds the challenge type scephub always writes. */
    static boolean present(NSDictionary scepContent) {
        return scepContent.objectForKey(CHALLENGE_TYPE_KEY) != null;
    }

    static Settings read(NSDictionary scepContent) {
        return new Settings(string(scepContent, CHALLENGE_URL_KEY), string(scepContent, USERNAME_KEY),
                Optional.ofNullable(string(scepContent, PASSWORD_KEY)).filter(p -> !p.isEmpty())
                        .map(p -> Secret.of(p, "the Jamf profile's challenge password")));
    }

    private static String string(NSDictionary dict, String key) {
        NSObject value = dict.objectForKey(key);
        return value == null ? null : JamfMobileconfig.normalised(value.toJavaObject().toString());
    }
}
