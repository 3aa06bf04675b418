package io.scephub.core.cert;

import java.util.Map;

/** Names for the extended key usage OIDs an administrator is likely to meet. */
final class KnownOids {
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    static final String CERTIFICATE_POLICIES = "2.5.29.32";
    /** Microsoft "Application Policies", which AD CS fills with the template's EKUs. */
    static final String MS_APPLICATION_POLICIES = "1.3.6.1.4.1.311.21.10";

    private static final Map<String, String> EKU_NAMES = Map.ofEntries(
            Map.entry("1.3.6.1.5.5.7.3.1", "Server Authentication"),
            Map.entry(CLIENT_AUTH, "Client Authentication"),
            Map.entry("1.3.6.1.5.5.7.3.3", "Code Signing"),
            Map.entry("1.3.6.1.5.5.7.3.4", "Email Protection"),
            Map.entry("1.3.6.1.5.5.7.3.8", "Time Stamping"),
            Map.entry("1.3.6.1.5.5.7.3.9", "OCSP Signing"),
            Map.entry("1.3.6.1.5.5.7.3.17", "IPsec IKE"),
            Map.entry(ANY_EXTENDED_KEY_USAGE, "Any Extended Key Usage"),
            Map.entry("1.3.6.1.4.1.311.20.2.2", "Smart Card Logon"),
            Map.entry("1.3.6.1.4.1.311.10.3.4", "Encrypting File System"),
            Map.entry("1.3.6.1.5.2.3.4", "Kerberos Client Authentication"),
            Map.entry(OdaExtension.OID, "Okta Device Access"));

    /** RFC 5280 names, in the bit order of the KeyUsage BIT STRING. */
    static final String[] KEY_USAGE_NAMES = {
        "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
        "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"
    };

    private static final Map<String, String> CURVE_NAMES = Map.of(
            "1.2.840.10045.3.1.7", "P-256",
            "1.3.132.0.34", "P-384",
            "1.3.132.0.35", "P-521");

    private KnownOids() {
    }

    static ExtendedKeyUsageEntry eku(String oid) {
        return new ExtendedKeyUsageEntry(oid, EKU_NAMES.getOrDefault(oid, oid));
    }

    static String curveName(String oid) {
        return CURVE_NAMES.get(oid);
    }
}
