package io.scephub.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.challenge.ChallengeFixtures;
import io.scephub.hub.state.AuditLog;
import io.scephub.hub.state.StateStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuditCommandTest {
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ChallengeFixtures signer;

    @BeforeEach
    void setUp() throws Exception {
        signer = new ChallengeFixtures();
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/signer.pem"), signer.certificatePem());
        Files.writeString(dir.resolve("scephub.yaml"), ChallengeFixtures.config(""));
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        HubEnvironment env = new HubEnvironment(Map.of(), dir, Clock.fixed(NOW, ZoneOffset.UTC));
        CommandLine cl = ScephubCommand.commandLine(env);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** Records through verify-challenge (accepted, then replayed) so the log holds what a hub really writes. */
    private String recordSomeDecisions() throws Exception {
        String token = signer.token(NOW);
        Files.writeString(dir.resolve("token.jws"), token);
        assertThat(run("verify-challenge", "--token", "token.jws")).isZero();
        assertThat(run("verify-challenge", "--token", "token.jws")).isEqualTo(3);
        assertThat(run("verify-challenge", "--token", "token.jws")).isEqualTo(3);
        return token;
    }

    private StateStore store() {
        return StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir.resolve("data"));
    }

    @Test
    void verifyPassesOnAnIntactChainAndNamesTheFirstBrokenRecordWithExitThree() throws Exception {
        recordSomeDecisions();
        assertThat(run("audit", "verify")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("intact: 3 records");

        try (StateStore store = store(); Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE audit_log SET detail = REPLACE(detail, 'reason=REPLAYED', 'reason=NONE') WHERE seq = 2");
        }
        assertThat(run("audit", "verify")).isEqualTo(AuditCommand.EXIT_BROKEN);
        assertThat(out.toString()).contains("BROKEN at seq 2").contains("challenge.rejected").contains("edited");

        assertThat(run("audit", "verify", "--output", "json")).isEqualTo(AuditCommand.EXIT_BROKEN);
        JsonNode json = JSON.readTree(out.toString());
        assertThat(json.path("intact").asBoolean()).isFalse();
        assertThat(json.path("firstBroken").path("seq").asLong()).isEqualTo(2);
    }

    @Test
    void aDeletedRecordInTheMiddleBreaksTheChain() throws Exception {
        recordSomeDecisions();
        try (StateStore store = store(); Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM audit_log WHERE seq = 2");
        }
        assertThat(run("audit", "verify")).isEqualTo(AuditCommand.EXIT_BROKEN);
        assertThat(out.toString()).contains("BROKEN at seq 3").contains("missing");
    }

    @Test
    void aDeletedFirstRecordIsReportedAsMissingWithNoRecordBeforeItVerified() throws Exception {
        recordSomeDecisions();
        try (StateStore store = store(); Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM audit_log WHERE seq = 1");
        }
        assertThat(run("audit", "verify")).isEqualTo(AuditCommand.EXIT_BROKEN);
        assertThat(out.toString()).contains("BROKEN at seq 2").contains("the first record is seq 2: record 1 is missing (deleted)")
                .contains("no record before it verifies").doesNotContain("1 records before it verify");
    }

    @Test
    void anExportKilledMidWriteLeavesATemporaryFileTheNextExportRemoves() throws Exception {
        recordSomeDecisions();
        // What a SIGKILLed export leaves: its temporary file, named after a process that no longer runs.
        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        gone.waitFor();
        Path leftover = dir.resolve(".audit.jsonl." + gone.pid() + ".tmp");
        Files.writeString(leftover, "{\"seq\":1, half a line");
        Path running = dir.resolve(".audit.jsonl." + ProcessHandle.current().parent().orElseThrow().pid() + ".tmp");
        Files.writeString(running, "another export still writing");

        assertThat(run("audit", "export", "--out", "audit.jsonl")).as(err.toString()).isZero();

        assertThat(leftover).doesNotExist();
        assertThat(running).as("a live process's export is left alone").exists();
        assertThat(Files.readAllLines(dir.resolve("audit.jsonl"))).hasSize(3);
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")))
                    .containsExactly(running.getFileName().toString());
        }
    }

    @Test
    void aDeletedNewestRecordIsDetectedOnlyAgainstACheckpoint() throws Exception {
        recordSomeDecisions();
        assertThat(run("audit", "checkpoint", "--out", "head.json")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("audit checkpoint: seq 3");
        assertThat(run("audit", "verify", "--checkpoint", "head.json")).as(out.toString()).isZero();
        try (StateStore store = store(); Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM audit_log WHERE seq = 3");
        }

        assertThat(run("audit", "verify")).as("the chain alone cannot show a deleted tail").isZero();
        assertThat(run("audit", "verify", "--checkpoint", "head.json")).isEqualTo(AuditCommand.EXIT_BROKEN);
        assertThat(out.toString()).contains("BROKEN").contains("names seq 3").contains("deleted after the checkpoint")
                .contains("the 2 records still there verify");
    }

    /**
     * Someone who can write the database and the checkpoint file deletes the newest record and rewrites the
     * checkpoint to name the new head: only a checkpoint signed with a key kept elsewhere shows it.
     */
    @Test
    void aSignedCheckpointRewrittenToMatchATruncatedLogIsRefusedUnderItsKey() throws Exception {
        recordSomeDecisions();
        Files.writeString(dir.resolve("checkpoint.key"), "kept-by-the-auditor-5a1f");
        Files.writeString(dir.resolve("other.key"), "another-key-77c2");
        assertThat(run("audit", "checkpoint", "--out", "head.json", "--key", "${file:checkpoint.key}")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("seq 3").contains("signed").doesNotContain("kept-by-the-auditor");
        assertThat(Files.readString(dir.resolve("head.json"))).contains("\"hmac\"").doesNotContain("kept-by-the-auditor");
        assertThat(run("audit", "verify", "--checkpoint", "head.json", "--key", "${file:checkpoint.key}")).as(out.toString()).isZero();
        assertThat(run("audit", "verify", "--checkpoint", "head.json", "--key", "${file:other.key}"))
                .isEqualTo(AuditCommand.EXIT_BROKEN);
        assertThat(out.toString()).contains("signature does not match");

        String newHead;
        try (StateStore store = store(); Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM audit_log WHERE seq = 3");
            newHead = new io.scephub.hub.state.AuditLog(store.dataSource(), Clock.systemUTC()).entries().get(1).hash();
        }
        String forged = Files.readString(dir.resolve("head.json")).replace("\"seq\":3", "\"seq\":2")
                .replaceAll("\"hash\":\"[0-9a-f]+\"", "\"hash\":\"" + newHead + "\"");
        Files.writeString(dir.resolve("head.json"), forged);

        assertThat(run("audit", "verify", "--checkpoint", "head.json")).as("unsigned check: the forgery passes").isZero();
        assertThat(run("audit", "verify", "--checkpoint", "head.json", "--key", "${file:checkpoint.key}"))
                .isEqualTo(AuditCommand.EXIT_BROKEN);
        assertThat(out.toString()).contains("BROKEN").contains("signature does not match");
        assertThat(run("audit", "verify", "--key", "kept-by-the-auditor-5a1f")).isEqualTo(1);
        assertThat(err.toString()).doesNotContain("kept-by-the-auditor");
    }

    @Test
    void verifyWithoutAConfigIsAnErrorWithExitOne() {
        assertThat(run("audit", "verify", "--config", "nope.yaml")).isEqualTo(1);
        assertThat(err.toString()).contains("nope.yaml").doesNotContain("\tat ");
    }

    @Test
    void exportWritesOneJsonObjectPerRecordWithStableFieldsAndNoToken() throws Exception {
        String token = recordSomeDecisions();

        assertThat(run("audit", "export", "--out", "audit.jsonl")).as(err.toString()).isZero();

        List<String> lines = Files.readAllLines(dir.resolve("audit.jsonl"));
        assertThat(lines).hasSize(3);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.fieldNames()).toIterable().containsExactly("seq", "recordedAt", "runId", "event", "subject", "detail", "fields",
                "prevHash", "hash");
        assertThat(first.path("seq").asLong()).isEqualTo(1);
        assertThat(first.path("event").asText()).isEqualTo("challenge.accepted");
        assertThat(first.path("fields").path("caller").asText()).isEqualTo("cli");
        assertThat(first.path("fields").path("jti_sha256").asText()).hasSize(64);
        assertThat(JSON.readTree(lines.get(1)).path("fields").path("reason").asText()).isEqualTo("REPLAYED");
        assertThat(JSON.readTree(lines.get(1)).path("prevHash").asText()).isEqualTo(first.path("hash").asText());
        String all = String.join("\n", lines);
        assertThat(all).doesNotContain(token).doesNotContain(token.split("\\.")[1]).doesNotContain(token.split("\\.")[2]);
        assertThat(err.toString()).contains("exported 3 audit records (last seq 3)");

        assertThat(run("audit", "export", "--after-seq", "2")).isZero();
        assertThat(out.toString().lines()).hasSize(1).allSatisfy(l -> assertThat(l).contains("\"seq\":3"));
    }

    @Test
    void exportSinceFiltersByTimeAndABadSinceIsExplained() throws Exception {
        recordSomeDecisions();
        assertThat(run("audit", "export", "--since", "2099-01-01")).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(run("audit", "export", "--since", "2000-01-01T00:00:00Z")).isZero();
        assertThat(out.toString().lines()).hasSize(3);

        assertThat(run("audit", "export", "--since", "yesterday")).isEqualTo(1);
        assertThat(err.toString()).contains("--since").contains("\"yesterday\"").contains("24h");
    }

    @Test
    void detailFieldsSplitAtKeysAndKeepSpacesInValues() {
        assertThat(io.scephub.hub.state.AuditLog.fields("action=create attributes=a,b message=could not reach x: y=z ok"))
                .containsEntry("action", "create").containsEntry("attributes", "a,b")
                .containsEntry("message", "could not reach x:").containsEntry("y", "z ok");
        assertThat(io.scephub.hub.state.AuditLog.fields("no pairs here")).isEmpty();
    }

    @Test
    void theAuditLogApiStillReadsWhatTheCommandVerifies() throws Exception {
        recordSomeDecisions();
        try (StateStore store = store()) {
            assertThat(new AuditLog(store.dataSource(), Clock.systemUTC()).verify().checked()).isEqualTo(3);
        }
    }
}
