package io.scephub.core.spi;

import io.scephub.core.model.ChallengeType;
import java.util.Set;

/**
 * What the configuration needs to know about an MDM without naming it: its defaults and its words,
 * so that a fifth MDM is a new connector module and no edit to config.
 *
 * @param displayName the MDM's name for people, e.g. {@code Jamf}
 * @param defaultSubject the certificate subject an enrollment gets without {@code certificate.subject},
 *                       in the MDM's variable syntax, with a stable per-device id
 * @param groupsWord what the MDM calls the groups enrollments name, e.g. {@code Entra groups}
 * @param challenges the challenge types the MDM can deliver
 * @param keepsReads whether the connector takes unchanged objects from kept reads ({@code state.reuseReadsFor})
 */
public record MdmTraits(String displayName, String defaultSubject, String groupsWord, Set<ChallengeType> challenges,
                        boolean keepsReads) {
    public MdmTraits {
        challenges = Set.copyOf(challenges);
    }
}
