package io.scephub.core.spi;

import io.scephub.core.http.VendorHttp;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import io.scephub.core.reads.ReadReuse;
import io.scephub.core.resource.KnownObjects;
import java.time.Clock;

/** What the hub gives a connector: secret resolution, the shared resilient HTTP layer and the clock. */
public interface ConnectorContext {

    /** Resolves a reference; throws {@link io.scephub.core.error.SecretResolutionError} naming it. */
    Secret secret(SecretRef ref);

    /** The factory of resilient, redacting HTTP clients, one per vendor. */
    VendorHttp http();

    Clock clock();

    /**
     * The reads kept between runs for one connector and tenant ({@code scope}, e.g. the vendor's base
     * URL) in the connector's record {@code format}. Only connectors whose listing does not return
     * whole objects use it; by default nothing is kept and every object is read.
     */
    default ReadReuse readReuse(String connector, String scope, int format) {
        return ReadReuse.none();
    }

    /**
     * The vendor ids the state store recorded for the resources it applied, so that of several
     * objects carrying one marker the one scephub made stays managed; by default none are known.
     */
    default KnownObjects knownObjects() {
        return KnownObjects.NONE;
    }
}
