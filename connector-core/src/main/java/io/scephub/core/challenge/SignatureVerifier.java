package io.scephub.core.challenge;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.EnumMap;

/**
 * Verifies JWS signatures with the JDK providers. {@link Signature} objects are costly to look up
 * and not thread-safe, so each thread keeps one per algorithm and re-initialises it per token.
 */
final class SignatureVerifier {

    /** RFC 7518 §3.5: PS256 is RSASSA-PSS with SHA-256, MGF1/SHA-256 and a 32-byte salt. */
    private static final PSSParameterSpec PS256_PARAMS =
            new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, PSSParameterSpec.TRAILER_FIELD_BC);

    private final ThreadLocal<EnumMap<JwsAlgorithm, Signature>> perThread =
            ThreadLocal.withInitial(() -> new EnumMap<>(JwsAlgorithm.class));

    /** Whether {@code key} is of the type {@code alg} is defined for (an RSA key never verifies ES256). */
    static boolean fits(JwsAlgorithm alg, PublicKey key) {
        return switch (alg.keyFamily()) {
            case EC -> key instanceof ECPublicKey ec
                    && ec.getParams().getCurve().getField().getFieldSize() == alg.curveBits();
            case RSA -> key instanceof RSAPublicKey;
            case ED25519 -> key instanceof EdECPublicKey ed
                    && NamedParameterSpec.ED25519.getName().equalsIgnoreCase(ed.getParams().getName());
        };
    }

    /**
     * Verifies {@code signature} over {@code signingInput}. The caller has checked {@link #fits};
     * ECDSA signatures must already be of the raw {@code R||S} length.
     */
    boolean verify(JwsAlgorithm alg, PublicKey key, byte[] signingInput, byte[] signature) {
        try {
            Signature verifier = initialised(alg, key);
            verifier.update(signingInput);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // Providers throw (SignatureException, ProviderException, ...) for signatures outside the
            // group or of the wrong encoding; all of them mean "does not verify".
            return false;
        }
    }

    private Signature initialised(JwsAlgorithm alg, PublicKey key) throws GeneralSecurityException {
        EnumMap<JwsAlgorithm, Signature> cache = perThread.get();
        Signature signature = cache.get(alg);
        if (signature == null) {
            signature = newSignature(alg);
            cache.put(alg, signature);
        }
        try {
            initVerify(alg, signature, key);
        } catch (InvalidKeyException e) {
            // The cached instance settled on a provider that does not take this key's class (e.g. a
            // key object from another provider): use a fresh instance, which picks a suitable one.
            signature = newSignature(alg);
            cache.put(alg, signature);
            initVerify(alg, signature, key);
        }
        return signature;
    }

    private static void initVerify(JwsAlgorithm alg, Signature signature, PublicKey key) throws GeneralSecurityException {
        signature.initVerify(key);
        if (alg == JwsAlgorithm.PS256) {
            signature.setParameter(PS256_PARAMS);
        }
    }

    static Signature newSignature(JwsAlgorithm alg) throws GeneralSecurityException {
        return switch (alg) {
            // The JDK's P1363 variants take the JWS R||S form directly, so no DER re-encoding is needed.
            case ES256 -> Signature.getInstance("SHA256withECDSAinP1363Format");
            case ES384 -> Signature.getInstance("SHA384withECDSAinP1363Format");
            case PS256 -> Signature.getInstance("RSASSA-PSS");
            case RS256 -> Signature.getInstance("SHA256withRSA");
            case EDDSA -> Signature.getInstance("Ed25519");
        };
    }
}
