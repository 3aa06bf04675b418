package io.scephub.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.spi.ConnectorProvider;
import io.scephub.core.spi.ConnectorRole;
import io.scephub.hub.Providers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status devices} and {@code renewal forecast} open only the MDMs of the enrollments they read: no identity
 * connector, no other MDM, and no state store when nothing they read needs it (kept reads open it on first use);
 * plan still opens every connector, and the store with them.
 */
class ReadsOpenTheirMdmsTest {
    @TempDir
    Path dir;

    final List<String> opened = new CopyOnWriteArrayList<>();
    CliRun cli;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("scephub.yaml"), """
                version: 1
                okta:
                  orgUrl: https://example.okta.com
                  apiToken: ${env:OKTA_TOKEN}
                mdm:
                  alpha:
                    secret: ${env:ALPHA_SECRET}
                  beta:
                    secret: ${env:BETA_SECRET}
                state:
                  dataDir: store
                enrollments:
                  - name: on-alpha
                    platform: windows
                    mdm: alpha
                    challenge: static
                    ca: okta
                    certificate: { subject: "CN=device" }
                    renewal:
                      leadTime: 30d
                    groups:
                      include: [ "Pilot" ]
                  - name: on-beta
                    platform: windows
                    mdm: beta
                    challenge: static
                    ca: okta
                    certificate: { subject: "CN=device" }
                    groups:
                      include: [ "Pilot" ]
                """);
        Map<String, String> env = Map.of("OKTA_TOKEN", "okta-canary-0147", "ALPHA_SECRET", "alpha-canary-0147",
                "BETA_SECRET", "beta-canary-0147");
        cli = new CliRun(dir, env, new Providers(List.of(recording("okta", ConnectorRole.IDENTITY, "okta"),
                recording("alpha", ConnectorRole.MDM, "mdm.alpha"), recording("beta", ConnectorRole.MDM, "mdm.beta"))));
    }

    @Test
    void statusOfOneEnrollmentOpensOnlyItsMdm() {
        CliRun.Result run = cli.run("status", "devices", "--enrollment", "on-beta");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(opened).containsExactly("beta");
    }

    @Test
    void statusOfEveryEnrollmentOpensTheirMdmsButNotTheIdentityConnector() {
        CliRun.Result run = cli.run("status", "devices");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(opened).containsExactlyInAnyOrder("alpha", "beta");
    }

    @Test
    void statusOfAnUnknownEnrollmentOpensNothingAndNamesTheKnownOnes() {
        CliRun.Result run = cli.run("status", "devices", "--enrollment", "nope");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out() + run.err()).contains("\"nope\"").contains("on-alpha, on-beta");
        assertThat(opened).isEmpty();
    }

    @Test
    void forecastOpensOnlyTheMdmsOfEnrollmentsWithARenewalPolicy() {
        CliRun.Result run = cli.run("renewal", "forecast");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(opened).containsExactly("alpha");
    }

    @Test
    void readsThatNeedNoRecordOpenNoStateStore() {
        assertThat(cli.run("status", "devices").exitCode()).isZero();
        assertThat(cli.run("renewal", "forecast").exitCode()).isZero();
        assertThat(dir.resolve("store")).doesNotExist();
    }

    @Test
    void planStillOpensEveryConfiguredConnectorAndTheStoreForTheirKeptReads() {
        cli.run("plan");
        assertThat(opened).containsExactlyInAnyOrder("okta", "alpha", "beta");
        assertThat(dir.resolve("store")).isDirectory();
    }

    private ConnectorProvider recording(String id, ConnectorRole role, String section) {
        return new RecordingProvider(id, role, section, opened);
    }
}
