package io.scephub.intune;

import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.SecretRef;
import java.net.URI;

/**
 * The {@code mdm.intune} section, typed: the Entra app that writes to Intune and where Graph and
 * Entra live (overridable so tests and the demo reach the sandbox).
 */
record IntuneSettings(String tenantId, String clientId, SecretRef clientSecret, String graphBaseUrl,
                      String authorityHost, long requestsPerSecond) {

    static final String TENANT_ID = "tenantId";
    static final String CLIENT_ID = "clientId";
    static final String CLIENT_SECRET = "clientSecret";
    static final String GRAPH_BASE_URL = "graphBaseUrl";
    static final String AUTHORITY_HOST = "authorityHost";
    static final String REQUESTS_PER_SECOND = "http.requestsPerSecond";
    static final long DEFAULT_REQUESTS_PER_SECOND = 10;

    static IntuneSettings from(ConnectorSettings settings) {
        return new IntuneSettings(
                settings.string(TENANT_ID),
                settings.string(CLIENT_ID),
                settings.secret(CLIENT_SECRET),
                GraphPaths.trimSlash(settings.optionalString(GRAPH_BASE_URL).orElse(GraphPaths.DEFAULT_GRAPH_BASE_URL)),
                GraphPaths.trimSlash(settings.optionalString(AUTHORITY_HOST).orElse(GraphPaths.DEFAULT_AUTHORITY_HOST)),
                settings.has(REQUESTS_PER_SECOND) ? settings.number(REQUESTS_PER_SECOND) : DEFAULT_REQUESTS_PER_SECOND);
    }

    /** The host bearer tokens may be sent to. */
    String graphHost() {
        return URI.create(graphBaseUrl).getHost();
    }
}
