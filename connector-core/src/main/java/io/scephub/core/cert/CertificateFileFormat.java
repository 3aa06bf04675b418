package io.scephub.core.cert;

/** The container a certificate file uses, as recognised from its bytes. */
public enum CertificateFileFormat {
    PEM_CERTIFICATES("PEM certificates", true),
    PEM_PKCS7("PKCS#7 (PEM)", false),
    DER_CERTIFICATE("DER certificate", true),
    DER_PKCS7("PKCS#7 SignedData (DER)", false),
    PKCS12("PKCS#12/PFX", false),
    UNKNOWN("unrecognised content", false);

    private final String displayName;
    private final boolean oktaAccepts;

    CertificateFileFormat(String displayName, boolean oktaAccepts) {
        this.displayName = displayName;
        this.oktaAccepts = oktaAccepts;
    }

    public String displayName() {
        return displayName;
    }

    /** Okta's custom CA upload takes PEM or DER X.509 certificates and nothing else. */
    public boolean oktaAccepts() {
        return oktaAccepts;
    }

    /** Recognises the container from its bytes alone (no password needed, nothing decrypted). */
    public static CertificateFileFormat detect(byte[] content) {
        return CertificateFileReader.detect(content);
    }
}
