package io.scephub.hub.cli;

import io.scephub.config.HubSettings;
import io.scephub.config.SecretResolver;
import io.scephub.hub.state.StateStore;

/** Opens the state store that {@code state:} of scephub.yaml names, resolving its password reference. */
final class ConfiguredStateStore {
    private ConfiguredStateStore() {
    }

    static StateStore open(HubSettings.State state, SecretResolver secrets) {
        return StateStore.open(state.jdbcUrl(), state.username(), state.password().map(secrets::resolve), state.dataDir());
    }
}
