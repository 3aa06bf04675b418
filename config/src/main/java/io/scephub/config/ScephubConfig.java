package io.scephub.config;

import io.scephub.core.challenge.ChallengeTrust;
import io.scephub.core.model.DesiredState;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded and validated scephub.yaml: what to reconcile, how the hub itself runs, and which MDM
 * signers it trusts for delegated SCEP challenges (empty without a {@code delegatedChallenge:} section).
 */
public record ScephubConfig(Path source, DesiredState desired, HubSettings hub, Optional<ChallengeTrust> delegatedChallenge) {

    public ScephubConfig {
        Objects.requireNonNull(delegatedChallenge, "delegatedChallenge");
    }

    /** A configuration without delegated-challenge trust. */
    public ScephubConfig(Path source, DesiredState desired, HubSettings hub) {
        this(source, desired, hub, Optional.empty());
    }
}
