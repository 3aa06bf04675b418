package io.scephub.core.cert;

/**
 * The Okta Device Access extension as found on one certificate. {@code critical} is null when the
 * extension is absent; {@code detail} says where the OID was seen or what the value was.
 */
public record OdaExtension(OdaExtensionStatus status, Boolean critical, String detail) {
    /** The OID Okta puts on device certificates it issues and expects custom CAs to add. */
    public static final String OID = "1.3.6.1.4.1.51150.13.1";
}
