package io.scephub.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;

/** Id and secret generators in the vendors' shapes. */
final class Ids {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final Random random;

    Ids(Random random) {
        this.random = random;
    }

    /** An Okta id: a 3-character prefix and 17 base62 characters. */
    String okta(String prefix) {
        return prefix + base62(17);
    }

    String base62(int length) {
        StringBuilder builder = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            builder.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return builder.toString();
    }

    String lowerAlnum(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder builder = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            builder.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return builder.toString();
    }

    /** 128 random bits as 32 lower-case hex digits. */
    String hex128() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** 256 random bits as 43 base64url characters. */
    String secret256() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static Ids secure() {
        return new Ids(new SecureRandom());
    }

    /** A stable Okta id derived from a name, so seeded objects keep their ids across resets. */
    static String stableOkta(String prefix, String name) {
        byte[] digest = sha256(name.getBytes(StandardCharsets.UTF_8));
        StringBuilder builder = new StringBuilder(prefix);
        for (int i = 0; i < 17; i++) {
            builder.append(BASE62.charAt((digest[i] & 0xff) % BASE62.length()));
        }
        return builder.toString();
    }

    static String sha1Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
