package io.scephub.hub.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals what a sign-in in progress must keep as it is (the nonce and the PKCE verifier) with AES-256-GCM under a key
 * derived from the browser-binding cookie, bound to the row's state digest: the store alone opens nothing, and a
 * sealed value moved to another row does not open.
 */
final class SignInSeal {
    private static final String KEY_LABEL = "scephub console sign-in seal\0";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SignInSeal() {
    }

    static String seal(String binding, String stateHash, String plain) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, binding, iv);
            cipher.updateAAD(stateHash.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed)
                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by every JVM", e);
        }
    }

    /** The sealed text, or empty when {@code binding} or {@code stateHash} is not the one it was sealed with. */
    static Optional<String> open(String binding, String stateHash, String sealed) {
        try {
            byte[] all = Base64.getUrlDecoder().decode(sealed);
            if (all.length <= IV_BYTES) {
                return Optional.empty();
            }
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, binding, java.util.Arrays.copyOf(all, IV_BYTES));
            cipher.updateAAD(stateHash.getBytes(StandardCharsets.US_ASCII));
            return Optional.of(new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8));
        } catch (javax.crypto.AEADBadTagException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by every JVM", e);
        }
    }

    private static Cipher cipher(int mode, String binding, byte[] iv) throws GeneralSecurityException {
        byte[] key = MessageDigest.getInstance("SHA-256").digest((KEY_LABEL + binding).getBytes(StandardCharsets.UTF_8));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        return cipher;
    }
}
