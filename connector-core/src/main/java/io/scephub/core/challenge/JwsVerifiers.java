package io.scephub.core.challenge;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.NamedParameterSpec;
import java.util.Set;

/**
 * nimbus-jose-jwt's JWS verifier for a signer key: {@link ECDSAVerifier} (ES256, ES384; raw {@code R||S}
 * signatures, malleable and zero values refused), {@link RSASSAVerifier} (RS256, PS256), and for EdDSA a
 * {@link JWSVerifier} over the JDK's Ed25519, since nimbus's own Ed25519 verifier needs Google Tink.
 */
final class JwsVerifiers {
    private JwsVerifiers() {
    }

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

    /** The verifier for {@code key}, which {@link #fits} {@code alg}; thread-safe, so one serves every token of a signer. */
    static JWSVerifier forKey(JwsAlgorithm alg, PublicKey key) {
        try {
            return switch (alg.keyFamily()) {
                case EC -> new ECDSAVerifier((ECPublicKey) key);
                case RSA -> new RSASSAVerifier((RSAPublicKey) key);
                case ED25519 -> new JdkEd25519Verifier(key);
            };
        } catch (JOSEException e) {
            throw new IllegalArgumentException("no JWS verifier for a " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} over {@code signingInput} verifies; any provider failure means it does not. */
    static boolean verify(JWSVerifier verifier, JWSHeader header, byte[] signingInput, Base64URL signature) {
        try {
            return verifier.verify(header, signingInput, signature);
        } catch (JOSEException | RuntimeException e) {
            return false;
        }
    }

    /** EdDSA (Ed25519, RFC 8037) with the JDK's provider. */
    private static final class JdkEd25519Verifier implements JWSVerifier {
        private final PublicKey key;
        private final JCAContext jca = new JCAContext();

        JdkEd25519Verifier(PublicKey key) {
            this.key = key;
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.EdDSA);
        }

        @Override
        public JCAContext getJCAContext() {
            return jca;
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
            if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
                throw new JOSEException("Ed25519 verifies EdDSA only, not " + header.getAlgorithm());
            }
            try {
                Signature ed25519 = Signature.getInstance("Ed25519");
                ed25519.initVerify(key);
                ed25519.update(signingInput);
                return ed25519.verify(signature.decode());
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }
}
