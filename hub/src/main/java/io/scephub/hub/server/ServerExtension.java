package io.scephub.hub.server;

import io.javalin.config.RoutesConfig;

/**
 * Routes served beside the REST API on the same port (the operator console): the server leaves the
 * authentication of the paths it {@link #owns} to the extension instead of asking for a bearer token.
 */
public interface ServerExtension {
    /** True for the paths the extension answers and authenticates itself. */
    boolean owns(String path);

    /** Adds the extension's handlers; called once while the server is configured. */
    void register(RoutesConfig routes);
}
