package io.scephub.hub;

import io.scephub.core.http.VendorHttp;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import io.scephub.core.spi.ConnectorContext;
import java.time.Clock;
import java.util.function.Function;

/** The hub's {@link ConnectorContext}: secrets resolved from env/files and registered for redaction before use. */
final class HubConnectorContext implements ConnectorContext {
    private final Function<SecretRef, Secret> secrets;
    private final VendorHttp http;
    private final Clock clock;

    HubConnectorContext(Function<SecretRef, Secret> secrets, VendorHttp http, Clock clock) {
        this.secrets = secrets;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public Secret secret(SecretRef ref) {
        Secret secret = secrets.apply(ref);
        http.redact(secret.reveal());
        return secret;
    }

    @Override
    public VendorHttp http() {
        return http;
    }

    @Override
    public Clock clock() {
        return clock;
    }
}
