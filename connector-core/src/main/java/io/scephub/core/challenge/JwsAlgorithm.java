package io.scephub.core.challenge;

import java.util.Arrays;
import java.util.Optional;

/** The JWS algorithms a delegated challenge may be signed with; every other {@code alg} is rejected. */
public enum JwsAlgorithm {
    ES256("ES256", KeyFamily.EC, 256),
    ES384("ES384", KeyFamily.EC, 384),
    PS256("PS256", KeyFamily.RSA, 0),
    RS256("RS256", KeyFamily.RSA, 0),
    EDDSA("EdDSA", KeyFamily.ED25519, 0);

    /** The kind of public key an algorithm verifies with. */
    enum KeyFamily { EC, RSA, ED25519 }

    private final String joseName;
    private final KeyFamily keyFamily;
    private final int curveBits;

    JwsAlgorithm(String joseName, KeyFamily keyFamily, int curveBits) {
        this.joseName = joseName;
        this.keyFamily = keyFamily;
        this.curveBits = curveBits;
    }

    /** The {@code alg} header value (RFC 7518 / RFC 8037 spelling). */
    public String joseName() {
        return joseName;
    }

    KeyFamily keyFamily() {
        return keyFamily;
    }

    /** Field size of the one curve an ECDSA algorithm is defined for; 0 for the others. */
    int curveBits() {
        return curveBits;
    }

    /** Length of a JWS ECDSA signature ({@code R||S}, each the curve's byte length); 0 if not ECDSA. */
    int rawEcdsaSignatureLength() {
        return curveBits == 0 ? 0 : 2 * ((curveBits + 7) / 8);
    }

    /** Case-sensitive lookup, as JOSE requires ({@code es256} is not {@code ES256}). */
    public static Optional<JwsAlgorithm> fromJoseName(String name) {
        return Arrays.stream(values()).filter(a -> a.joseName.equals(name)).findFirst();
    }
}
