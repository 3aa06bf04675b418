package io.scephub.intune;

import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.SecretRef;
import io.scephub.core.renewal.RedistributionBudget;
import java.net.URI;
import java.time.Duration;

/**
 * The {@code mdm.intune} section, typed: the Entra app that writes to Intune and where Graph and
 * Entra live (overridable so tests and the demo reach the sandbox), and how fast certificate profiles
 * may be redistributed when Okta is the CA.
 */
record IntuneSettings(String tenantId, String clientId, SecretRef clientSecret, String graphBaseUrl,
                      String authorityHost, RedistributionBudget redistributionBudget) {

    static final String TENANT_ID = "tenantId";
    static final String CLIENT_ID = "clientId";
    static final String CLIENT_SECRET = "clientSecret";
    static final String GRAPH_BASE_URL = "graphBaseUrl";
    static final String AUTHORITY_HOST = "authorityHost";
    static final String MAX_DEVICES_PER_WINDOW = "renewal.maxDevicesPerWindow";
    static final String MAX_PROFILES_PER_WINDOW = "renewal.maxProfilesPerWindow";
    static final String REDISTRIBUTION_WINDOW = "renewal.window";

    static IntuneSettings from(ConnectorSettings settings) {
        return new IntuneSettings(
                settings.string(TENANT_ID),
                settings.string(CLIENT_ID),
                settings.secret(CLIENT_SECRET),
                GraphPaths.trimSlash(settings.optionalString(GRAPH_BASE_URL).orElse(GraphPaths.DEFAULT_GRAPH_BASE_URL)),
                GraphPaths.trimSlash(settings.optionalString(AUTHORITY_HOST).orElse(GraphPaths.DEFAULT_AUTHORITY_HOST)),
                redistributionBudget(settings));
    }

    /** The renewal budget the settings declare; an unset value keeps scephub's default for it. */
    static RedistributionBudget redistributionBudget(ConnectorSettings settings) {
        RedistributionBudget defaults = RedistributionBudget.DEFAULT;
        return new RedistributionBudget(
                settings.has(MAX_DEVICES_PER_WINDOW) ? Math.toIntExact(settings.number(MAX_DEVICES_PER_WINDOW)) : defaults.maxDevices(),
                settings.has(MAX_PROFILES_PER_WINDOW) ? Math.toIntExact(settings.number(MAX_PROFILES_PER_WINDOW)) : defaults.maxProfiles(),
                settings.has(REDISTRIBUTION_WINDOW) ? settings.duration(REDISTRIBUTION_WINDOW) : defaults.window());
    }

    /** The host bearer tokens may be sent to. */
    String graphHost() {
        return URI.create(graphBaseUrl).getHost();
    }
}
