package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.fixtures.Sandboxes;
import io.scephub.hub.state.AuditLog;
import io.scephub.hub.state.StateStore;
import io.scephub.sandbox.Fault;
import io.scephub.sandbox.RecordedRequest;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import io.scephub.sandbox.Vendor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twenty {@code scephub apply} processes (the thin jar when built, else the same classpath) killed
 * with SIGKILL at random points — after a random number of vendor writes plus a random delay —
 * each followed by a normal apply: every run converges with no duplicate at any vendor, and the
 * audit hash chain, written across all the kills into one state store, still verifies.
 * Several minutes, so it runs with {@code -Pfaults}; InterruptedApplyTest keeps one kill in verify.
 */
@EnabledIfSystemProperty(named = "scephub.faults", matches = "full")
@ExtendWith(SandboxExtension.class)
class KilledAppliesTest {
    private static final int RUNS = Integer.getInteger("scephub.kills", 20);
    private static final Path JAR = Path.of("..", "hub", "target", "scephub.jar").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void everyKilledApplyConvergesOnTheNextWithoutDuplicatesAndTheAuditChainVerifies(Sandboxes sandboxes) throws Exception {
        long seed = Long.getLong("scephub.kills.seed", System.nanoTime());
        Random random = new Random(seed);
        List<String> report = new ArrayList<>();
        try (Sandbox sandbox = sandboxes.start(SandboxOptions.defaults())) {
            Map<String, String> env = SandboxConfig.credentials(sandbox);
            HubCli cli = new HubCli(dir, env);
            for (int run = 1; run <= RUNS; run++) {
                sandbox.reset();
                SandboxConfig.write(dir, sandbox, SandboxConfig.windows(), SandboxConfig.MACOS);
                // Slow answers (after the vendor acted) widen the window in which a kill lands mid-write.
                sandbox.faults().everyNth(Vendor.ALL, 1, Fault.delay(Duration.ofMillis(60)));
                int killAfterWrites = random.nextInt(14);
                int extraMillis = random.nextInt(250);

                Process apply = start(dir, env);
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (apply.isAlive() && System.nanoTime() < deadline && writes(sandbox) < killAfterWrites) {
                    Thread.sleep(10);
                }
                Thread.sleep(extraMillis);
                boolean killedMidRun = apply.isAlive();
                long writesAtKill = writes(sandbox);
                // destroyForcibly is SIGKILL on Linux: no shutdown hooks, no finally blocks.
                apply.destroyForcibly();
                apply.waitFor();

                sandbox.faults().clear();
                HubCli.Run rerun = cli.run(FaultRunsTest.applyArgs());
                assertThat(rerun.exitCode()).as("run %d (seed %d): apply after the kill%n%s", run, seed, rerun.all()).isZero();
                HubCli.Run plan = cli.run("plan");
                assertThat(plan.exitCode()).as("run %d (seed %d): plan after converging%n%s", run, seed, plan.all()).isZero();
                assertNoDuplicates(sandbox, run, seed);
                report.add("run " + run + ": killed " + (killedMidRun ? "mid-apply" : "after it ended") + " after "
                        + writesAtKill + " vendor writes");
            }
        }
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir.resolve("data"))) {
            AuditLog audit = new AuditLog(store.dataSource(), Clock.systemUTC());
            assertThat(audit.entries()).as("audit records").isNotEmpty();
            assertThat(audit.verifyChain()).as("first broken audit record (seed %d)", seed).isEqualTo(-1L);
            report.add("audit: " + audit.entries().size() + " records, chain verifies");
        }
        System.out.println("killed applies (seed " + seed + "):\n  " + String.join("\n  ", report));
    }

    private static long writes(Sandbox sandbox) {
        return sandbox.requests().all().stream().map(RecordedRequest::method).filter(m -> !m.equals("GET")).count();
    }

    private static void assertNoDuplicates(Sandbox sandbox, int run, long seed) {
        Map<String, Long> ras = sandbox.okta().registrationAuthorities().stream()
                .collect(Collectors.groupingBy(ra -> ra.path("name").asText(), Collectors.counting()));
        assertThat(ras).as("run %d (seed %d): Okta registration authorities", run, seed)
                .hasSize(2).allSatisfy((name, count) -> assertThat(count).as(name).isEqualTo(1L));
        List<JsonNode> owned = sandbox.graph().deviceConfigurations().stream()
                .filter(p -> p.path("description").asText().contains("[scephub:")).toList();
        Map<String, Long> perMarker = owned.stream().collect(Collectors.groupingBy(
                p -> p.path("description").asText().replaceAll("(?s).*\\[scephub:([^\\]]+)\\].*", "$1"), Collectors.counting()));
        assertThat(perMarker).as("run %d (seed %d): Intune configurations", run, seed)
                .hasSize(4).allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1L));
        for (JsonNode profile : owned) {
            Map<String, Long> perTarget = sandbox.graph().assignments(profile.path("id").asText()).stream().collect(
                    Collectors.groupingBy(a -> a.path("target").path("groupId").asText(), Collectors.counting()));
            assertThat(perTarget.values()).as("run %d: assignments of %s", run, profile.path("displayName").asText())
                    .allMatch(c -> c == 1L);
        }
    }

    private static Process start(Path dir, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Files.isRegularFile(JAR)) {
            command.addAll(List.of("-jar", JAR.toString()));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.scephub.hub.Main"));
        }
        command.addAll(List.of(FaultRunsTest.applyArgs()));
        command.addAll(List.of("--config", dir.resolve("scephub.yaml").toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("killed-applies.log").toFile()));
        pb.environment().putAll(env);
        return pb.start();
    }
}
