package io.scephub.core.error;

/**
 * An object scephub was about to treat as its own does not carry its ownership marker for that
 * resource, so it is left untouched. After a write (the vendor answered with, or read back as,
 * another object) the write's outcome is unknown: the object scephub asked for may exist, so the
 * connector lists again and the applier looks for the marker before it tries again.
 */
public final class OwnershipUnproven extends ScephubException {
    private final boolean afterWrite;

    public OwnershipUnproven(String message, boolean afterWrite) {
        super("OWNERSHIP_UNPROVEN", message, null);
        this.afterWrite = afterWrite;
    }

    /** Whether a write preceded it, which may then have happened. */
    public boolean afterWrite() {
        return afterWrite;
    }
}
