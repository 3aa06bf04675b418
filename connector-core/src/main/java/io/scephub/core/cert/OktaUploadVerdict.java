package io.scephub.core.cert;

/**
 * Whether Okta accepts the file as a custom CA chain (Okta takes PEM or DER X.509 certificates
 * only). When refused, {@code reason} says why and {@code conversionCommand} is an exact OpenSSL
 * command that produces an acceptable PEM (null when no conversion exists).
 */
public record OktaUploadVerdict(boolean accepted, String reason, String conversionCommand) {
    static OktaUploadVerdict accept(String reason) {
        return new OktaUploadVerdict(true, reason, null);
    }

    static OktaUploadVerdict refuse(String reason, String conversionCommand) {
        return new OktaUploadVerdict(false, reason, conversionCommand);
    }
}
