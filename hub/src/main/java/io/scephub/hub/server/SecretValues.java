package io.scephub.hub.server;

import io.scephub.config.EnvFileSecrets;
import io.scephub.config.SecretResolver;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.SecretRef;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tells whether the values behind secret references changed (a rotated {@code ${file:...}}) without keeping
 * or comparing a value: each is reduced to an HMAC-SHA256 under a key drawn at random for this process and held in
 * memory only, so what is kept cannot be checked against a guessed secret elsewhere and is never printed.
 */
final class SecretValues {
    private static final String HMAC = "HmacSHA256";
    private final SecretKeySpec key;

    private SecretValues(byte[] key) {
        this.key = new SecretKeySpec(key, HMAC);
    }

    /** Digests under a new random key. */
    static SecretValues withRandomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretValues(key);
    }

    /**
     * The keyed digest of every secret {@code state}'s connectors reference, resolved by {@code secrets} now (a reference
     * that does not resolve throws its error, which names the reference, never a value).
     */
    Digest of(DesiredState state, SecretResolver secrets) {
        return of(EnvFileSecrets.references(state), secrets);
    }

    /** The keyed digest of the values behind {@code refs} (by where each sits), resolved by {@code secrets} now. */
    Digest of(Map<String, SecretRef> refs, SecretResolver secrets) {
        Mac mac;
        try {
            mac = Mac.getInstance(HMAC);
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java 17 runtime", e);
        }
        refs.forEach((where, ref) -> {
            // Length-prefixed, so no two different lists of (place, value) give the same input.
            field(mac, where.getBytes(StandardCharsets.UTF_8));
            field(mac, secrets.resolve(ref).reveal().getBytes(StandardCharsets.UTF_8));
        });
        return new Digest(mac.doFinal());
    }

    private static void field(Mac mac, byte[] bytes) {
        mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        mac.update(bytes);
    }

    /** A keyed digest; compared in constant time, printed as nothing. */
    static final class Digest {
        private final byte[] bytes;

        private Digest(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean sameAs(Digest other) {
            return other != null && MessageDigest.isEqual(bytes, other.bytes);
        }

        @Override
        public String toString() {
            return "***";
        }
    }
}
