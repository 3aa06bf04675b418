package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.scephub.hub.sync.TenantReload;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code serve} follows an API token's SHA-256 file rotated behind an unchanged {@code ${file:...}} reference, with
 * scephub.yaml untouched: the new token is accepted and the old one refused from the next reload tick; a file that
 * holds no SHA-256 keeps the old token, shows in {@code /metrics} and is logged naming the field; no token or digest
 * is ever printed, logged or answered.
 */
class TokenFileRotationTest {
    private static final String TOKEN = "canary-it-token-file-first-c41d";
    private static final String ROTATED = "canary-it-token-file-rotated-7e20";
    private static final String PASTED = "canary-it-token-file-pasted-93fb";
    private static final String FAILED = "scephub_server_tokens_reload_failed";

    @TempDir
    Path dir;

    @Test
    void aTokenFileRotatedBehindAnUnchangedReferenceSwapsTheTokenAndABrokenOneKeepsIt() throws Exception {
        int port = ServedHub.freePort();
        String base = "http://127.0.0.1:" + port;
        Path tokenFile = Files.createDirectories(dir.resolve("secrets")).resolve("it-token.sha256");
        Files.writeString(tokenFile, ServedHub.sha256Hex(TOKEN) + "\n");
        Path config = Files.writeString(dir.resolve("scephub.yaml"), ServedHub.head(port, TOKEN)
                .replace(ServedHub.sha256Hex(TOKEN), "${file:secrets/it-token.sha256}") + """
                okta:
                  orgUrl: https://127.0.0.1:1
                  auth:
                    apiToken: ${env:IT_OKTA_TOKEN}
                """);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        List<String> answers = new ArrayList<>();
        try (ServedHub serving = ServedHub.start(Map.of(TenantReload.TEST_OVERRIDE, "PT0.2S",
                "IT_OKTA_TOKEN", "canary-it-okta-token-never-called"), dir, config, base, "it-token-file-serve")) {
            assertThat(status(base, TOKEN, answers)).isEqualTo(200);

            Files.writeString(tokenFile, ServedHub.sha256Hex(ROTATED) + "\n");
            ServedHub.await(() -> status(base, ROTATED, answers) == 200, "the rotated token accepted");
            assertThat(status(base, TOKEN, answers)).as("the old token").isEqualTo(401);

            // The token itself pasted into the file instead of its SHA-256: refused, the rotated token stays.
            Files.writeString(tokenFile, PASTED + "\n");
            ServedHub.await(() -> metric(base, ROTATED, answers).contains(FAILED + " 1.0"), "the failed reload shown");
            assertThat(status(base, ROTATED, answers)).as("the token served before the broken file").isEqualTo(200);
            assertThat(status(base, PASTED, answers)).isEqualTo(401);
            assertThat(logs.list).map(ILoggingEvent::getFormattedMessage).filteredOn(m -> m.startsWith("server_tokens_not_reloaded"))
                    .singleElement().asString().contains("server.tokens[0].sha256 (token it)", "${file:secrets/it-token.sha256}");

            Files.writeString(tokenFile, ServedHub.sha256Hex(PASTED) + "\n");
            ServedHub.await(() -> status(base, PASTED, answers) == 200, "the fixed file's token accepted");
            assertThat(metric(base, PASTED, answers)).contains(FAILED + " 0.0");
            assertThat(status(base, ROTATED, answers)).isEqualTo(401);
            assertThat(serving.isAlive()).isTrue();

            List<String> shown = new ArrayList<>(answers);
            shown.add(serving.output());
            logs.list.forEach(e -> shown.add(e.getFormattedMessage()));
            for (String canary : List.of(TOKEN, ROTATED, PASTED, ServedHub.sha256Hex(TOKEN), ServedHub.sha256Hex(ROTATED),
                    ServedHub.sha256Hex(PASTED))) {
                assertThat(shown).allSatisfy(text -> assertThat(text).doesNotContain(canary));
            }
        } finally {
            root.detachAppender(logs);
        }
    }

    private static int status(String base, String token, List<String> answers) {
        HttpResponse<String> answer = ServedHub.get(base + "/api/v1/syncs", token);
        answers.add(answer.body());
        return answer.statusCode();
    }

    private static String metric(String base, String token, List<String> answers) {
        HttpResponse<String> answer = ServedHub.get(base + "/metrics", token);
        answers.add(answer.body());
        return answer.body();
    }
}
