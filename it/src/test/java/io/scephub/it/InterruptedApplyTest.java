package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.fixtures.Sandboxes;
import io.scephub.sandbox.Fault;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import io.scephub.sandbox.Vendor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A hub process killed (SIGKILL) in the middle of an apply; the next apply converges without duplicates. */
@ExtendWith(SandboxExtension.class)
class InterruptedApplyTest {
    @TempDir
    Path dir;

    @Test
    void killedApplyRerunConvergesWithoutDuplicateProfilesOrAssignments(Sandboxes sandboxes) throws Exception {
        try (Sandbox sandbox = sandboxes.start(SandboxOptions.defaults())) {
            SandboxConfig.write(dir, sandbox, SandboxConfig.windows(), SandboxConfig.MACOS);
            // Slow vendors: every answer comes 400 ms late (after the change is made), so the kill lands mid-apply,
            // possibly between a vendor's write and the client seeing its answer.
            sandbox.faults().everyNth(Vendor.ALL, 1, Fault.delay(Duration.ofMillis(400)));

            Map<String, String> env = SandboxConfig.credentials(sandbox);

            Process second = start(dir, env);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && graphProfilePosts(sandbox) < 2 && second.isAlive()) {
                Thread.sleep(50);
            }
            assertThat(second.isAlive()).as("the apply was still running when killed").isTrue();
            second.destroyForcibly();
            second.waitFor();
            assertThat(graphProfilePosts(sandbox)).isGreaterThanOrEqualTo(2);

            sandbox.faults().clear();
            HubCli cli = new HubCli(dir, env);
            HubCli.Run rerun = cli.run("apply", "--auto-approve");
            assertThat(rerun.exitCode()).as(rerun.all()).isZero();
            assertThat(cli.run("plan").exitCode()).isZero();

            List<JsonNode> owned = sandbox.graph().deviceConfigurations().stream()
                    .filter(p -> p.path("description").asText().contains("[scephub:")).toList();
            Map<String, Long> perMarker = owned.stream().collect(Collectors.groupingBy(
                    p -> p.path("description").asText().replaceAll("(?s).*\\[scephub:([^\\]]+)\\].*", "$1"), Collectors.counting()));
            assertThat(perMarker).hasSize(4).allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1L));
            Map<String, Long> ras = sandbox.okta().registrationAuthorities().stream()
                    .collect(Collectors.groupingBy(ra -> ra.path("name").asText(), Collectors.counting()));
            assertThat(ras).hasSize(2).allSatisfy((name, count) -> assertThat(count).as(name).isEqualTo(1L));
            for (JsonNode profile : owned) {
                List<JsonNode> assignments = sandbox.graph().assignments(profile.path("id").asText());
                Map<String, Long> perTarget = assignments.stream().collect(Collectors.groupingBy(
                        a -> a.path("target").path("groupId").asText(), Collectors.counting()));
                assertThat(perTarget.values()).allMatch(c -> c == 1L);
                assertThat(assignments).isNotEmpty();
            }
        }
    }

    private static Process start(Path dir, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                "io.scephub.hub.Main", "apply", "--auto-approve", "--config", dir.resolve("scephub.yaml").toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed-apply.log").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    private static long graphProfilePosts(Sandbox sandbox) {
        return sandbox.requests().of(Vendor.GRAPH).stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/deviceConfigurations") && r.status() == 201)
                .count();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

}
