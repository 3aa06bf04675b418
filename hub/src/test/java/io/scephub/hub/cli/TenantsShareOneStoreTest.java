package io.scephub.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.scephub.core.spi.ConnectorProvider;
import io.scephub.core.spi.ConnectorRole;
import io.scephub.hub.Providers;
import io.scephub.hub.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code plan} and {@code apply} over several tenants open the state store once for the command, not once per
 * tenant (H2's open and close cost a 100-tenant plan most of its time); one tenant opens it as before.
 */
class TenantsShareOneStoreTest {
    private static final int TENANTS = 3;

    @TempDir
    Path dir;

    final List<String> opened = new CopyOnWriteArrayList<>();
    final ListAppender<ILoggingEvent> storeLog = new ListAppender<>();
    Logger storeLogger;
    Level storeLevel;
    CliRun cli;

    @BeforeEach
    void setUp() throws Exception {
        StringBuilder yaml = new StringBuilder("""
                version: 1
                state:
                  dataDir: store
                templates:
                  - name: oda
                    applyTo: { all: true }
                    enrollments:
                      - name: win
                        platform: windows
                        mdm: alpha
                        challenge: static
                        ca: okta
                        certificate: { subject: "CN=device" }
                        groups:
                          include: [ "Pilot" ]
                tenants:
                """);
        Map<String, String> env = new HashMap<>();
        for (int t = 1; t <= TENANTS; t++) {
            yaml.append("""
                      - name: t%d
                        okta:
                          orgUrl: https://t%d.example.com
                          apiToken: ${env:OKTA_TOKEN_%d}
                        mdm:
                          alpha:
                            secret: ${env:ALPHA_SECRET_%d}
                    """.formatted(t, t, t, t));
            env.put("OKTA_TOKEN_" + t, "okta-canary-" + t);
            env.put("ALPHA_SECRET_" + t, "alpha-canary-" + t);
        }
        Files.writeString(dir.resolve("scephub.yaml"), yaml);
        cli = new CliRun(dir, env, new Providers(List.of(recording("okta", ConnectorRole.IDENTITY, "okta"),
                recording("alpha", ConnectorRole.MDM, "mdm.alpha"))));

        storeLogger = (Logger) LoggerFactory.getLogger(StateStore.class);
        storeLevel = storeLogger.getLevel();
        storeLogger.setLevel(Level.DEBUG);
        storeLog.start();
        storeLogger.addAppender(storeLog);
    }

    @AfterEach
    void restoreLogging() {
        storeLogger.detachAppender(storeLog);
        storeLogger.setLevel(storeLevel);
    }

    @Test
    void planOfEveryTenantOpensTheStoreOnce() {
        CliRun.Result run = cli.run("plan");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("tenants: t1 ok (0), t2 ok (0), t3 ok (0)");
        assertThat(opened).as("each tenant's MDM read, so each needed the store").filteredOn("alpha"::equals).hasSize(TENANTS);
        assertThat(storeOpens()).isEqualTo(1);
    }

    @Test
    void applyOfEveryTenantOpensTheStoreOnce() {
        CliRun.Result run = cli.run("apply", "--auto-approve");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("tenants: t1 ok (0), t2 ok (0), t3 ok (0)");
        assertThat(storeOpens()).isEqualTo(1);
    }

    @Test
    void planOfOneTenantOpensTheStoreOnceToo() {
        CliRun.Result run = cli.run("plan", "--tenant", "t2");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(opened).filteredOn("alpha"::equals).hasSize(1);
        assertThat(storeOpens()).isEqualTo(1);
    }

    private long storeOpens() {
        return storeLog.list.stream().filter(e -> e.getFormattedMessage().startsWith("state_store_opened")).count();
    }

    private ConnectorProvider recording(String id, ConnectorRole role, String section) {
        return new RecordingProvider(id, role, section, opened);
    }
}
