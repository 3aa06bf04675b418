package io.scephub.config;

import io.scephub.core.challenge.ChallengeTrust;
import io.scephub.core.model.DesiredState;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded and validated scephub.yaml: what to reconcile, how the hub itself runs, which MDM
 * signers it trusts for delegated SCEP challenges (empty without a {@code delegatedChallenge:} section),
 * and how drift, failures and expiries are reported ({@code sync:}, {@code notifications:}, {@code expiry:}).
 */
public record ScephubConfig(Path source, DesiredState desired, HubSettings hub, Optional<ChallengeTrust> delegatedChallenge,
                            Alerting alerting) {

    public ScephubConfig {
        Objects.requireNonNull(delegatedChallenge, "delegatedChallenge");
        Objects.requireNonNull(alerting, "alerting");
    }

    /** Drift repaired, no webhooks, expiries reported a month ahead. */
    public ScephubConfig(Path source, DesiredState desired, HubSettings hub, Optional<ChallengeTrust> delegatedChallenge) {
        this(source, desired, hub, delegatedChallenge, Alerting.DEFAULTS);
    }

    /** A configuration without delegated-challenge trust. */
    public ScephubConfig(Path source, DesiredState desired, HubSettings hub) {
        this(source, desired, hub, Optional.empty());
    }
}
