package io.scephub.core.contract;

/** The outputs of a {@link ScepConfiguration} an MDM profile may take, by their output names. */
public enum ScepOutput {
    /** The URL devices send their SCEP requests to. */
    SCEP_URL("scepUrl"),
    /** Dynamic challenge: where the MDM fetches a one-time challenge. */
    CHALLENGE_URL("challengeUrl"),
    /** Dynamic challenge: the user name the MDM authenticates with at the challenge URL. */
    USERNAME("username"),
    /** Dynamic challenge: its password, shown only right after creation (a write-once output). */
    PASSWORD("password"),
    /** The root of the issuing CA's chain, Base64 DER: what the MDM installs as trusted root. */
    CA_CERTIFICATE("caCertificate"),
    /** The file name MDMs show for that trusted root, e.g. {@code okta-root-ca.cer}. */
    CA_CERTIFICATE_FILE_NAME("caCertificateFileName");

    private final String key;

    ScepOutput(String key) {
        this.key = key;
    }

    /** The output's name in {@code ActualResource.outputs()} and in plans. */
    public String key() {
        return key;
    }

    /** Whether the vendor hands the value out only once (see {@code OutputRef.writeOnce}). */
    public boolean writeOnce() {
        return this == PASSWORD;
    }
}
