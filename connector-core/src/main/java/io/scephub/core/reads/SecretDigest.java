package io.scephub.core.reads;

import io.scephub.core.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A salted SHA-256 of a secret attribute value, salted with the object and attribute so equal secrets differ. */
final class SecretDigest {
    private SecretDigest() {
    }

    static String of(String vendorId, String attribute, Secret secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("scephub-kept-read\0" + vendorId + "\0" + attribute + "\0").getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(sha.digest(secret.reveal().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
