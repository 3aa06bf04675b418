package io.scephub.sandbox;

import java.time.Instant;
import java.util.Optional;

/**
 * One PKIOperation the sandbox's Okta SCEP service answered, for tests to read: the configuration,
 * its challenge type, the pkiStatus and failInfo sent, and the reason in words (never the challenge).
 *
 * @param failInfo RFC 8894 failInfo name ({@code badAlg}, {@code badMessageCheck}, {@code badRequest},
 *                 {@code badTime}, {@code badCertId}); empty on SUCCESS
 * @param reason   why, e.g. {@code issued}, {@code wrong challenge}, {@code challenge already used},
 *                 {@code challenge expired}, {@code EXPIRED} (a delegated token's rejection)
 * @param subject  the subject DN of the issued certificate; empty on FAILURE
 */
public record ScepDecision(Instant at, String raId, String challengeType, String pkiStatus, Optional<String> failInfo,
                           String reason, Optional<String> subject) {

    /** True when a certificate was issued. */
    public boolean issued() {
        return pkiStatus.equals("SUCCESS");
    }
}
