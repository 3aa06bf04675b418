package io.scephub.workspaceone;

import io.scephub.core.error.ScephubException;

/** Something scephub needs in the Workspace ONE console is missing or ambiguous; the message says what to create or fix. */
public final class WorkspaceOneSetupError extends ScephubException {
    public WorkspaceOneSetupError(String message) {
        super("WORKSPACEONE_SETUP", message, null);
    }
}
