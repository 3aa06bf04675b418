package io.scephub.core.cert;

/**
 * The check of one certificate's signature against its issuer. Indexes are positions in the file
 * (0-based); {@code issuerIndex} is null when the issuer is not in the file.
 */
public record ChainLink(int certificateIndex, Integer issuerIndex, LinkStatus status) {
    /** Outcome of checking a certificate against its issuer. */
    public enum LinkStatus {
        /** The signature verifies with the next certificate's key. */
        SIGNATURE_VALID,
        /** The issuer name matches but the signature does not verify. */
        SIGNATURE_INVALID,
        /** The certificate is its own issuer and its signature verifies with its own key. */
        SELF_SIGNED_ROOT,
        /** The issuer is not in the file, so the signature could not be checked. */
        ISSUER_NOT_IN_FILE,
        /** The signature algorithm is not supported by this JVM. */
        SIGNATURE_UNCHECKABLE
    }
}
