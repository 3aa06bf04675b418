package io.scephub.okta;

import com.nimbusds.jose.JWSAlgorithm;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Reads the service app's PEM PKCS#8 private key (RSA or EC) and picks the JWS algorithm for it. */
final class PrivateKeys {
    private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PKCS8_END = "-----END PRIVATE KEY-----";

    private PrivateKeys() {
    }

    /** The signing key and its algorithm; {@code where} names the setting in errors. The key text never appears in one. */
    record SigningKey(PrivateKey key, JWSAlgorithm algorithm) {
        @Override
        public String toString() {
            return "SigningKey[" + algorithm + "]";
        }
    }

    static SigningKey parse(String pem, String where) {
        String text = pem.strip();
        if (text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY")) {
            throw new IllegalArgumentException(where + ": the key is in the legacy PKCS#1/SEC1 form; convert it to PKCS#8 with "
                    + "`openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem`");
        }
        if (text.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException(where + ": the key is encrypted; give an unencrypted PKCS#8 PEM key "
                    + "(`openssl pkcs8 -topk8 -nocrypt`), kept safe by the secret store instead");
        }
        int begin = text.indexOf(PKCS8_BEGIN);
        int end = text.indexOf(PKCS8_END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(where + ": expected a PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + PKCS8_BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": the PEM body is not valid base64");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try {
            return new SigningKey(KeyFactory.getInstance("RSA").generatePrivate(spec), JWSAlgorithm.RS256);
        } catch (InvalidKeySpecException notRsa) {
            try {
                ECPrivateKey ec = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(spec);
                return new SigningKey(ec, ecAlgorithm(ec, where));
            } catch (InvalidKeySpecException notEc) {
                throw new IllegalArgumentException(where + ": the PKCS#8 key is neither RSA nor EC");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWSAlgorithm ecAlgorithm(ECPrivateKey key, String where) {
        int bits = key.getParams().getCurve().getField().getFieldSize();
        return switch (bits) {
            case 256 -> JWSAlgorithm.ES256;
            case 384 -> JWSAlgorithm.ES384;
            case 521 -> JWSAlgorithm.ES512;
            default -> throw new IllegalArgumentException(where + ": EC keys must be on P-256, P-384 or P-521, got a "
                    + bits + "-bit curve");
        };
    }
}
