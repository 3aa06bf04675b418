package io.scephub.core.cert;

/** What a certificate says about the Okta Device Access extension (OID 1.3.6.1.4.1.51150.13.1). */
public enum OdaExtensionStatus {
    /** The extension is there and its value is the INTEGER 1, as Okta expects. */
    PRESENT_OK,
    /** The extension is an INTEGER but not 1. */
    PRESENT_WRONG_VALUE,
    /** The extension is there but its value is not an ASN.1 INTEGER. */
    PRESENT_NOT_INTEGER,
    /** No extension, but the OID is listed as an extended key usage or (application) policy. */
    ONLY_AS_EKU_OR_POLICY,
    /** Neither the extension nor the OID anywhere else. */
    ABSENT
}
