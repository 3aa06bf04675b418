package io.scephub.intune;

import io.scephub.core.error.ScephubException;

/** A group named in the config does not resolve to exactly one Entra group. */
public class GroupResolutionError extends ScephubException {
    GroupResolutionError(String message) {
        super("INTUNE_GROUP_UNRESOLVED", message, null);
    }
}
