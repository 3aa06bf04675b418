package io.scephub.core.cert;

/** A certificate's public key: algorithm, size in bits and, for EC keys, the curve name. */
public record PublicKeyDescription(String algorithm, int bits, String curve) {
    /** Human form, e.g. {@code RSA 2048} or {@code EC P-256}. */
    public String describe() {
        if (curve != null) {
            return algorithm + " " + curve;
        }
        return bits > 0 ? algorithm + " " + bits : algorithm;
    }
}
