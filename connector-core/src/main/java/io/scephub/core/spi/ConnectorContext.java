package io.scephub.core.spi;

import io.scephub.core.http.VendorHttp;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import java.time.Clock;

/** What the hub gives a connector: secret resolution, the shared resilient HTTP layer and the clock. */
public interface ConnectorContext {

    /** Resolves a reference; throws {@link io.scephub.core.error.SecretResolutionError} naming it. */
    Secret secret(SecretRef ref);

    /** The factory of resilient, redacting HTTP clients, one per vendor. */
    VendorHttp http();

    Clock clock();
}
