package io.scephub.hub.cli;

import io.scephub.config.HubSettings;
import io.scephub.config.SecretResolver;
import io.scephub.hub.state.StateStore;
import io.scephub.hub.state.SyncLock;

/** Opens the state store that {@code state:} of scephub.yaml names, resolving its password reference. */
final class ConfiguredStateStore {
    private ConfiguredStateStore() {
    }

    /** Says on {@code err} why the command pauses: another process is syncing or applying the same store. */
    static SyncLock.Waiting sayWaiting(java.io.PrintWriter err) {
        return partition -> err.println("Waiting for the sync or apply running on this state store (another scephub process,"
                + " e.g. `serve`) to finish...");
    }

    static StateStore open(HubSettings.State state, SecretResolver secrets) {
        return StateStore.open(state.jdbcUrl(), state.username(), state.password().map(secrets::resolve), state.dataDir());
    }
}
