package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.fixtures.Sandboxes;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Canary values as every secret: none may appear in any output, log line, plan or error. */
@ExtendWith(SandboxExtension.class)
class SecretsNeverShownTest {
    private static final String OKTA_CANARY = "CANARY-okta-token-5f1c9e";
    private static final String GRAPH_CANARY = "CANARY-graph-secret-77ad02";

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger root;
    private Level previousLevel;

    @BeforeEach
    void captureEveryLogLine() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        previousLevel = root.getLevel();
        root.setLevel(Level.TRACE);
        context.getLogger("io.scephub").setLevel(Level.TRACE);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stopCapturing() {
        root.detachAppender(logs);
        root.setLevel(previousLevel);
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.scephub").setLevel(null);
    }

    @Test
    void canarySecretsAppearNowhere(Sandboxes sandboxes) throws Exception {
        SandboxOptions options = SandboxOptions.builder().oktaApiToken(OKTA_CANARY).clientSecret(GRAPH_CANARY).build();
        List<String> seen = new ArrayList<>();
        try (Sandbox sandbox = sandboxes.start(options)) {
            SandboxConfig.write(dir, sandbox, SandboxConfig.windows(), SandboxConfig.MACOS);
            HubCli cli = new HubCli(dir, Map.of("OKTA_API_TOKEN", OKTA_CANARY, "GRAPH_CLIENT_SECRET", GRAPH_CANARY));
            for (String[] args : List.of(new String[] {"validate"}, new String[] {"plan"}, new String[] {"plan", "--output", "json"},
                    new String[] {"plan", "--out", "saved.plan"}, new String[] {"apply", "saved.plan"},
                    new String[] {"apply", "--auto-approve"}, new String[] {"apply", "--auto-approve", "--output", "json"}, new String[] {"plan"})) {
                seen.add(cli.run(args).all());
            }
            seen.add(Files.readString(dir.resolve("saved.plan")));
            // Wrong credentials: the vendors answer 401 and the errors must still not echo what was sent.
            HubCli wrong = new HubCli(dir, Map.of("OKTA_API_TOKEN", OKTA_CANARY + "-wrong", "GRAPH_CLIENT_SECRET", GRAPH_CANARY + "-wrong"));
            HubCli.Run failed = wrong.run("plan");
            assertThat(failed.exitCode()).isEqualTo(1);
            seen.add(failed.all());
            // A literal secret in the file is refused without being repeated.
            Path literal = dir.resolve("literal.yaml");
            Files.writeString(literal, Files.readString(dir.resolve("scephub.yaml")).replace("${env:OKTA_API_TOKEN}", OKTA_CANARY));
            HubCli.Run refused = cli.run("validate", "--config", literal.toString());
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("okta.auth.apiToken");
            seen.add(refused.all());
        }
        logs.list.forEach(e -> seen.add(e.getFormattedMessage() + " " + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())));

        assertThat(logs.list).as("the vendor calls were logged at all").isNotEmpty();
        assertThat(String.join("\n", seen)).doesNotContain(OKTA_CANARY).doesNotContain(GRAPH_CANARY)
                .doesNotContain("CANARY-");
    }
}
