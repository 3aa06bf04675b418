package io.scephub.core.cert;

/** How bad a finding is; declared in increasing order so the worst one is the maximum. */
public enum Severity {
    PASS,
    WARN,
    FAIL;

    /** The worse of two severities. */
    public Severity worst(Severity other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
