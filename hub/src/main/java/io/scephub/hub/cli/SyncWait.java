package io.scephub.hub.cli;

import io.scephub.hub.state.SyncLock;

/** What a command says while it waits for the sync lock of its state store. */
final class SyncWait {
    private SyncWait() {
    }

    /** Says on {@code err} why the command pauses: another process is syncing or applying the same store. */
    static SyncLock.Waiting sayWaiting(java.io.PrintWriter err) {
        return partition -> err.println("Waiting for the sync or apply running on this state store (another scephub process,"
                + " e.g. `serve`) to finish...");
    }
}
