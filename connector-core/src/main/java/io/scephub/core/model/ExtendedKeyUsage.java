package io.scephub.core.model;

/** An extended key usage as name + OID, the way MDM profiles list them. */
public record ExtendedKeyUsage(String name, String oid) {
    /** TLS client authentication: what Okta Device Access checks on the device certificate. */
    public static final ExtendedKeyUsage CLIENT_AUTH = new ExtendedKeyUsage("Client Authentication", "1.3.6.1.5.5.7.3.2");
}
