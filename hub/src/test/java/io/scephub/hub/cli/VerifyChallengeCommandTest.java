package io.scephub.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.challenge.ChallengeFixtures;
import io.scephub.hub.state.AuditLog;
import io.scephub.hub.state.StateStore;
import java.io.StringWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VerifyChallengeCommandTest {
    static final Instant NOW = Instant.now();

    @TempDir
    Path dir;

    ChallengeFixtures signer;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws Exception {
        signer = new ChallengeFixtures();
    }

    private int run(String... args) {
        HubEnvironment env = new HubEnvironment(Map.of(), dir, Clock.fixed(NOW, ZoneOffset.UTC));
        CommandLine cl = ScephubCommand.commandLine(env);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private Path configured() throws Exception {
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/signer.pem"), signer.certificatePem());
        return Files.writeString(dir.resolve("scephub.yaml"), ChallengeFixtures.config(""));
    }

    private Path tokenFile(String token) throws Exception {
        return Files.writeString(dir.resolve("token.jws"), token + "\n");
    }

    @Test
    void aGoodTokenIsAcceptedWithExitZeroAndItsReplayIsRejectedWithExitThree() throws Exception {
        configured();
        String token = signer.token(NOW);
        tokenFile(token);

        assertThat(run("verify-challenge", "--token", "token.jws")).isZero();
        assertThat(out.toString()).contains("accepted: subject device-42", ChallengeFixtures.ISSUER);

        assertThat(run("verify-challenge", "--token", "token.jws", "--output", "json")).isEqualTo(3);
        JsonNode json = new ObjectMapper().readTree(out.toString().substring(out.toString().indexOf('{')));
        assertThat(json.path("decision").asText()).isEqualTo("rejected");
        assertThat(json.path("reason").asText()).isEqualTo("REPLAYED");
        assertThat(err.toString()).contains("rejected: REPLAYED");
        assertThat(out.toString() + err).doesNotContain(token).doesNotContain(token.split("\\.")[2]);
    }

    @Test
    void everyDecisionIsAuditedWithAHashOfTheJtiAndNeverTheToken() throws Exception {
        configured();
        String token = signer.token(NOW, "audit-jti-0000000000000001");
        tokenFile(token);
        run("verify-challenge", "--token", "token.jws");
        run("verify-challenge", "--token", "token.jws");

        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir.resolve("data"))) {
            var entries = new AuditLog(store.dataSource(), Clock.systemUTC()).entries();
            assertThat(entries).extracting(AuditLog.Entry::event).containsExactly("challenge.accepted", "challenge.rejected");
            assertThat(entries.get(0).subject()).isEqualTo(ChallengeFixtures.ISSUER);
            assertThat(entries.get(1).detail()).contains("reason=REPLAYED", "claimed_jti_sha256=");
            assertThat(entries).allSatisfy(e -> assertThat(e.subject() + e.detail())
                    .doesNotContain(token.split("\\.")[2]).doesNotContain("audit-jti-0000000000000001"));
        }
    }

    @Test
    void withoutAnyConfigurationMalformedInputIsMalformedAndAWellFormedTokenIsUntrusted() throws Exception {
        tokenFile("not-a-token");
        assertThat(run("verify-challenge", "--token", "token.jws", "-o", "json")).isEqualTo(3);
        assertThat(out.toString()).contains("\"reason\" : \"MALFORMED\"");

        tokenFile(signer.token(NOW));
        assertThat(run("verify-challenge", "--token", "token.jws")).isEqualTo(3);
        assertThat(err.toString()).contains("rejected: UNTRUSTED_SIGNER");
    }

    @Test
    void usageErrorsExitOne() throws Exception {
        assertThat(run("verify-challenge")).isEqualTo(1);
        assertThat(err.toString()).contains("--token");
        assertThat(run("verify-challenge", "--token", "missing.jws")).isEqualTo(1);
        tokenFile("abc");
        assertThat(run("verify-challenge", "--token", "token.jws", "--config", "nope.yaml")).isEqualTo(1);
        assertThat(err.toString()).contains("nope.yaml");
    }
}
