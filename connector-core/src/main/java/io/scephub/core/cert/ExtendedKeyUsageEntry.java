package io.scephub.core.cert;

/** One extended key usage OID with its well-known name (the OID itself when unknown). */
public record ExtendedKeyUsageEntry(String oid, String name) {
    /** Human form, e.g. {@code Client Authentication (1.3.6.1.5.5.7.3.2)}. */
    public String describe() {
        return name.equals(oid) ? oid : name + " (" + oid + ")";
    }
}
