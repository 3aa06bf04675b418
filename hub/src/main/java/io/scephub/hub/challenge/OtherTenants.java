package io.scephub.hub.challenge;

import io.scephub.core.challenge.ChallengeAccepted;
import io.scephub.core.challenge.ChallengeDecision;
import io.scephub.core.challenge.ChallengeRejected;
import io.scephub.core.challenge.ChallengeRejected.Reason;
import io.scephub.core.challenge.ChallengeTrust;
import io.scephub.core.challenge.ChallengeVerifier;
import io.scephub.core.challenge.ReplayStore;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The other tenants' signers, to tell "signed for another tenant of this hub" (WRONG_TENANT) from an
 * unknown signer. A token counts as another tenant's only when that tenant's verifier gets past the
 * signature, {@code iss} and {@code aud} checks: a forged or merely claimed issuer never does.
 */
final class OtherTenants {
    static final OtherTenants NONE = new OtherTenants(List.of());
    /** This tenant's rejections that may mean "not ours": its signer trust refused the token. */
    private static final Set<Reason> TRUST_REASONS = EnumSet.of(Reason.UNSUPPORTED_ALGORITHM, Reason.UNTRUSTED_SIGNER,
            Reason.SIGNER_CERT_INVALID, Reason.BAD_SIGNATURE, Reason.WRONG_ISSUER, Reason.WRONG_AUDIENCE);
    /** Probes only look: they never record a jti, so the owning tenant can still accept the token once. */
    private static final ReplayStore LOOK_ONLY = new ReplayStore() {
        @Override
        public boolean markUsed(String issuer, String jti, Instant expiresAt) {
            return true;
        }

        @Override
        public int purgeExpired(Instant now) {
            return 0;
        }
    };

    private final List<ChallengeVerifier> probes;

    private OtherTenants(List<ChallengeVerifier> probes) {
        this.probes = List.copyOf(probes);
    }

    static OtherTenants of(List<ChallengeTrust> trusts, Clock clock) {
        return new OtherTenants(trusts.stream().filter(t -> !t.signers().isEmpty())
                .map(t -> new ChallengeVerifier(t, LOOK_ONLY, clock)).toList());
    }

    /** {@code own} as decided, or WRONG_TENANT when this tenant's trust refused a token another tenant's signers vouch for. */
    ChallengeDecision refine(ChallengeDecision own, String token, String tenant) {
        if (!(own instanceof ChallengeRejected rejected) || !TRUST_REASONS.contains(rejected.reason())) {
            return own;
        }
        for (ChallengeVerifier probe : probes) {
            if (vouches(probe.verify(token, Optional.empty()))) {
                // The other tenant is not named: this caller may not be allowed to know it.
                return new ChallengeRejected(Reason.WRONG_TENANT, "the token is signed by a signer another tenant of this hub"
                        + " trusts, not tenant " + tenant + "; verify it at that tenant's /api/v1/tenants/{tenant}/challenges/verify");
            }
        }
        return own;
    }

    /** Past the signature, issuer and audience checks: what fails later (time, CSR) is the token's own matter. */
    private static boolean vouches(ChallengeDecision decision) {
        return decision instanceof ChallengeAccepted
                || decision instanceof ChallengeRejected r && r.reason().ordinal() > Reason.WRONG_AUDIENCE.ordinal()
                        && r.reason() != Reason.WRONG_TENANT;
    }
}
