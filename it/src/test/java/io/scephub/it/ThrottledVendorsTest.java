package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.fixtures.SandboxExtension;
import io.scephub.fixtures.Sandboxes;
import io.scephub.sandbox.Fault;
import io.scephub.sandbox.RecordedRequest;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import io.scephub.sandbox.Vendor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** 429 with Retry-After: 2 on every third request: apply still converges and no retry comes early. */
@ExtendWith(SandboxExtension.class)
class ThrottledVendorsTest {
    @TempDir
    Path dir;

    @Test
    void applyConvergesUnderThrottlingAndNeverRetriesSoonerThanTold(Sandboxes sandboxes) throws Exception {
        try (Sandbox sandbox = sandboxes.start(SandboxOptions.defaults())) {
            SandboxConfig.write(dir, sandbox, SandboxConfig.windows(), SandboxConfig.MACOS);
            sandbox.faults().everyNth(Vendor.ALL, 3, Fault.status(429).retryAfter("2"));
            HubCli cli = new HubCli(dir, SandboxConfig.credentials(sandbox));

            HubCli.Run apply = cli.run("apply", "--auto-approve");
            assertThat(apply.exitCode()).as(apply.all()).isZero();
            HubCli.Run plan = cli.run("plan");
            assertThat(plan.exitCode()).as(plan.all()).isZero();

            List<RecordedRequest> journal = sandbox.requests().all();
            long throttled = journal.stream().filter(r -> r.faulted() && r.status() == 429).count();
            assertThat(throttled).as("the sandbox throttled").isGreaterThanOrEqualTo(5);
            assertThat(journal).as("every call carries a client-request-id kept across its retries")
                    .allMatch(r -> !r.clientRequestId().isEmpty());
            for (int i = 0; i < journal.size(); i++) {
                RecordedRequest refused = journal.get(i);
                if (!(refused.faulted() && refused.status() == 429)) {
                    continue;
                }
                RecordedRequest retry = journal.subList(i + 1, journal.size()).stream()
                        .filter(r -> r.clientRequestId().equals(refused.clientRequestId()))
                        .findFirst().orElseThrow(() -> new AssertionError("no retry of " + refused));
                assertThat(Duration.between(refused.time(), retry.time()))
                        .as("retry of %s %s", refused.method(), refused.path())
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            }
        }
    }
}
