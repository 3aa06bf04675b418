package io.scephub.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.config.EnvFileSecrets;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.state.AuditLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The head of the audit chain (seq and hash of the newest record) written to a file kept outside
 * the state store. The chain alone cannot show that its newest records were deleted; checking it
 * against a checkpoint can: the checkpointed record must still be there with the same hash.
 * {@code hmac}: the checkpoint signed with a key the admin holds (HMAC-SHA256 over tenant, seq and
 * hash), so a checkpoint edited to match a shortened log is refused by a verify given that key.
 */
record AuditCheckpoint(long seq, String hash, Optional<String> hmac) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");

    /** The signing key {@code --key} names: a secret reference, never the key itself (it would show in shell history). */
    static Secret key(String reference, HubEnvironment env) {
        Matcher m = REFERENCE.matcher(reference);
        if (!m.matches()) {
            throw CliError.usage("--key: expected a secret reference, ${env:NAME} or ${file:path}, not the key itself");
        }
        SecretRef ref = new SecretRef(SecretRef.Source.valueOf(m.group(1).toUpperCase(Locale.ROOT)), m.group(2));
        try {
            return new EnvFileSecrets(env.env(), env.workingDirectory()).resolve(ref);
        } catch (RuntimeException e) {
            throw CliError.usage("--key " + ref + ": " + e.getMessage());
        }
    }

    /** The newest record of {@code log}, or empty when the log has none; signed when {@code key} is given. */
    static Optional<AuditCheckpoint> head(AuditLog log, Optional<Secret> key) {
        AuditLog.Entry[] last = {null};
        log.forEach(0, e -> last[0] = e);
        return Optional.ofNullable(last[0]).map(e -> new AuditCheckpoint(e.seq(), e.hash(),
                key.map(k -> sign(k, log.tenant(), e.seq(), e.hash()))));
    }

    void write(Path file) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode node = JSON.createObjectNode().put("seq", seq).put("hash", hash);
        hmac.ifPresent(h -> node.put("hmac", h));
        Files.writeString(file, node.toString() + "\n", StandardCharsets.UTF_8);
    }

    /** HMAC-SHA256 of the checkpoint's tenant, seq and hash under {@code key}, in hex. */
    static String sign(Secret key, String tenant, long seq, String hash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(("scephub audit checkpoint\n" + tenant + "\n" + seq + "\n" + hash)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
        }
    }

    /** Why this checkpoint cannot be trusted under {@code key}, or empty when its signature holds. */
    Optional<String> untrusted(Secret key, String tenant, Path file) {
        if (hmac.isEmpty()) {
            return Optional.of("the checkpoint " + file + " is not signed, but --key was given: it may have been replaced");
        }
        boolean same = MessageDigest.isEqual(hmac.get().getBytes(StandardCharsets.UTF_8),
                sign(key, tenant, seq, hash).getBytes(StandardCharsets.UTF_8));
        return same ? Optional.empty() : Optional.of("the checkpoint " + file + "'s signature does not match: it was edited, or"
                + " signed with another key");
    }

    static AuditCheckpoint read(Path file) {
        try {
            JsonNode node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (node == null || !node.path("seq").canConvertToLong() || node.path("seq").asLong() < 1 || !node.path("hash").isTextual()) {
                throw CliError.usage("--checkpoint " + file + ": not a checkpoint; expected {\"seq\": N, \"hash\": \"...\"}"
                        + " as written by `scephub audit checkpoint`");
            }
            Optional<String> hmac = node.path("hmac").isTextual() ? Optional.of(node.path("hmac").asText()) : Optional.empty();
            return new AuditCheckpoint(node.path("seq").asLong(), node.path("hash").asText(), hmac);
        } catch (IOException e) {
            throw CliError.usage("--checkpoint " + file + ": cannot be read as JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Why {@code log} does not reach this checkpoint, or empty when its record is there with the same hash. */
    Optional<String> mismatch(AuditLog log, Path file) {
        AuditLog.Entry[] found = {null};
        long[] newest = {0};
        log.forEach(seq - 1, e -> {
            if (e.seq() == seq) {
                found[0] = e;
            }
            newest[0] = Math.max(newest[0], e.seq());
        });
        if (found[0] == null) {
            return Optional.of("the checkpoint " + file + " names seq " + seq + ", but the log " + (newest[0] == 0
                    ? "has no record from there on" : "jumps to seq " + newest[0]) + ": records up to seq " + seq
                    + " were deleted after the checkpoint");
        }
        if (!found[0].hash().equals(hash)) {
            return Optional.of("record " + seq + " no longer has the hash the checkpoint " + file + " recorded: the chain was"
                    + " rewritten after the checkpoint");
        }
        return Optional.empty();
    }
}
