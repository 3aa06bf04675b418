package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.config.ScephubConfig;
import io.scephub.core.model.DesiredState;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.DesiredStateProblem;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.ReadRequest;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.hub.Hub;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.HubSession;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.WorkspaceOneSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15 item 2: connectors are stateless adapters. A connector opened fresh, never asked to
 * expand anything, reads exactly what one that expanded the configuration first reads, when the
 * engine hands it the request: the owned objects, and the desired values the vendor does not accept.
 */
@ExtendWith(SandboxExtension.class)
class StatelessConnectorsTest {
    private static Sandbox sandbox;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    /** Okta, and one enrollment on each MDM, each MDM's include list ending in {@code extraGroup}. */
    private static Path config(Path dir, String extraGroup) throws Exception {
        String extra = extraGroup.isEmpty() ? "" : ", \"" + extraGroup + "\"";
        Path file = dir.resolve("scephub.yaml");
        Files.writeString(file, SandboxConfig.header(sandbox, SandboxConfig.intune(sandbox), SandboxConfig.jamf(sandbox),
                SandboxConfig.workspaceOne(sandbox)) + SandboxConfig.windows("CN={{DeviceId}}", 2048, "\"ODA Windows Pilot\"" + extra)
                + """
                  - name: macos-jamf
                    platform: macos
                    mdm: jamf
                    challenge: dynamic
                    ca: okta
                    groups:
                      include: [ "ODA Macs"%s ]
                  - name: windows-ws1
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    ca: okta
                    groups:
                      include: [ "%s"%s ]
                """.formatted(extra, WorkspaceOneSimulator.SEED_SMART_GROUP, extra));
        return file;
    }

    private static Hub hub(Path dir) {
        return Hub.create(new HubEnvironment(SandboxConfig.credentials(sandbox), dir, Clock.systemUTC()));
    }

    @Test
    void aFreshConnectorGivenTheRequestReadsWhatOneThatExpandedFirstReads(@TempDir Path dir) throws Exception {
        sandbox.reset();
        Path file = config(dir, "");
        HubCli cli = new HubCli(dir, SandboxConfig.credentials(sandbox));
        assertThat(cli.run(FaultRunsTest.applyArgs()).exitCode()).isZero();

        try (Hub hub = hub(dir)) {
            ScephubConfig config = hub.load(file);
            DesiredState state = config.desired();
            try (HubSession expanding = hub.open(config); HubSession fresh = hub.open(config)) {
                assertThat(fresh.connectors()).containsOnlyKeys("okta", "intune", "jamf", "workspaceone");
                for (Map.Entry<String, Connector> entry : fresh.connectors().entrySet()) {
                    Connector first = expanding.connectors().get(entry.getKey());
                    List<Resource> desired = first.desiredResources(state);
                    ReadResult expected = first.read(new ReadRequest(state, desired));

                    ReadResult read = entry.getValue().read(new ReadRequest(state, desired));

                    assertThat(byKey(read.resources())).as(entry.getKey()).isEqualTo(byKey(expected.resources()))
                            .containsOnlyKeys(desired.stream().map(r -> r.key().toString()).toList());
                    assertThat(read.problems()).as(entry.getKey()).isEmpty();
                }
            }
        }
    }

    @Test
    void aFreshConnectorReportsTheUnknownGroupsOfTheRequestAtTheirPlace(@TempDir Path dir) throws Exception {
        sandbox.reset();
        Path file = config(dir, "No Such Group");
        try (Hub hub = hub(dir)) {
            ScephubConfig config = hub.load(file);
            DesiredState state = config.desired();
            try (HubSession expanding = hub.open(config); HubSession fresh = hub.open(config)) {
                for (String mdm : List.of("intune", "jamf", "workspaceone")) {
                    Connector connector = fresh.connectors().get(mdm);
                    ReadRequest request = new ReadRequest(state, expanding.connectors().get(mdm).desiredResources(state));

                    List<DesiredStateProblem> problems = connector.read(request).problems();

                    String enrollment = state.enrollments().stream().filter(e -> e.mdm().equals(mdm)).findFirst().orElseThrow().name();
                    assertThat(problems).as(mdm).singleElement().satisfies(p -> {
                        assertThat(p.enrollment()).isEqualTo(enrollment);
                        assertThat(p.field()).isEqualTo("groups.include[1]");
                        assertThat(p.message()).contains("No Such Group");
                    });
                }
            }
        }
    }

    /** Each resource's attributes by key, to compare two reads of the same objects. */
    private static Map<String, Map<String, Object>> byKey(List<ActualResource> resources) {
        return resources.stream().collect(Collectors.toMap(r -> r.key().toString(), ActualResource::attributes, (a, b) -> a,
                TreeMap::new));
    }
}
