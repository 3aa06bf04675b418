package io.scephub.core.expiry;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When one credential scephub holds a reference to stops working, or why that is unknown.
 *
 * @param name a stable, secret-free name: {@code intune.client-secret/<keyId>}, {@code okta.ca-chain/<enrollment>/<n>}, ...
 * @param kind what it is: {@code client-secret}, {@code client-certificate}, {@code ca-certificate}, {@code challenge-signer}
 * @param source where scephub learnt it (e.g. {@code Graph application passwordCredentials}, {@code enrollments[0].ca.custom.chain})
 * @param description who it is, for people: a display name or a certificate subject
 * @param expiresAt empty when the expiry could not be read
 * @param unknownReason why it could not be read (e.g. {@code needs Application.Read.All}); empty when known
 */
public record CredentialExpiry(String name, String kind, String source, String description, Optional<Instant> expiresAt,
                               Optional<String> unknownReason) {

    public CredentialExpiry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(description, "description");
        if (expiresAt.isEmpty() == unknownReason.isEmpty()) {
            throw new IllegalArgumentException("a credential's expiry is either known or has a reason why not: " + name);
        }
    }

    public static CredentialExpiry known(String name, String kind, String source, String description, Instant expiresAt) {
        return new CredentialExpiry(name, kind, source, description, Optional.of(expiresAt), Optional.empty());
    }

    public static CredentialExpiry unknown(String name, String kind, String source, String description, String reason) {
        return new CredentialExpiry(name, kind, source, description, Optional.empty(), Optional.of(reason));
    }

    /**
     * This credential as one of {@code tenant}'s: its name prefixed {@code <tenant>/} and its source
     * {@code tenants (<tenant>)}, so two tenants' credentials of the same shape (e.g. both
     * {@code challenge-signer/0/0}) stay apart in metrics, notices and listings.
     */
    public CredentialExpiry inTenant(String tenant) {
        return new CredentialExpiry(tenant + "/" + name, kind, "tenants (" + tenant + ")." + source, description, expiresAt,
                unknownReason);
    }

    /** How a credential stands at {@code now} with a warning window of {@code warnBefore}. */
    public enum State {
        OK, EXPIRING, EXPIRED, UNKNOWN;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public State state(Instant now, Duration warnBefore) {
        if (expiresAt.isEmpty()) {
            return State.UNKNOWN;
        }
        if (!expiresAt.get().isAfter(now)) {
            return State.EXPIRED;
        }
        return expiresAt.get().isAfter(now.plus(warnBefore)) ? State.OK : State.EXPIRING;
    }

    /** Whole and fractional days from {@code now} to the expiry (negative once expired); empty when unknown. */
    public Optional<Double> daysLeft(Instant now) {
        return expiresAt.map(t -> Duration.between(now, t).toSeconds() / 86_400.0);
    }
}
