package io.scephub.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.hub.state.AuditLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The head of the audit chain (seq and hash of the newest record) written to a file kept outside
 * the state store. The chain alone cannot show that its newest records were deleted; checking it
 * against a checkpoint can: the checkpointed record must still be there with the same hash.
 */
record AuditCheckpoint(long seq, String hash) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The newest record of {@code log}, or empty when the log has none. */
    static Optional<AuditCheckpoint> head(AuditLog log) {
        AuditLog.Entry[] last = {null};
        log.forEach(0, e -> last[0] = e);
        return Optional.ofNullable(last[0]).map(e -> new AuditCheckpoint(e.seq(), e.hash()));
    }

    void write(Path file) throws IOException {
        Files.writeString(file, JSON.createObjectNode().put("seq", seq).put("hash", hash).toString() + "\n", StandardCharsets.UTF_8);
    }

    static AuditCheckpoint read(Path file) {
        try {
            JsonNode node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (node == null || !node.path("seq").canConvertToLong() || node.path("seq").asLong() < 1 || !node.path("hash").isTextual()) {
                throw CliError.usage("--checkpoint " + file + ": not a checkpoint; expected {\"seq\": N, \"hash\": \"...\"}"
                        + " as written by `scephub audit checkpoint`");
            }
            return new AuditCheckpoint(node.path("seq").asLong(), node.path("hash").asText());
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
