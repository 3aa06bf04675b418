package io.scephub.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A secret value. {@code toString()} never shows it; {@link #reveal()} is called only where the
 * value is sent to a vendor. Equality compares values in constant time so secrets can be diffed.
 */
public final class Secret {
    private final String value;
    private final String origin;

    private Secret(String value, String origin) {
        this.value = value;
        this.origin = origin;
    }

    /** A secret read from a reference; {@code origin} (e.g. {@code ${env:X}}) is safe to show. */
    public static Secret of(String value, String origin) {
        if (value == null) {
            throw new IllegalArgumentException("secret value is null");
        }
        return new Secret(value, origin);
    }

    public String reveal() {
        return value;
    }

    /** Where this secret came from, for messages; never the value. */
    public String origin() {
        return origin;
    }

    /** A short, salted-free digest for detecting that a secret changed without showing it. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return "***";
    }
}
