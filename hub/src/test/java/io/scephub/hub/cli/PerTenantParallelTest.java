package io.scephub.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.config.ScephubConfig;
import io.scephub.hub.Hub;
import io.scephub.hub.HubEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Commands over several tenants run as many at once as the store allows ({@code state.parallelSyncs}): a tenant that
 * waits on its own vendors' rate limits holds its place, so the bound decides how many tenants can wait at once.
 */
class PerTenantParallelTest {
    private static final int TENANTS = 20;

    @TempDir
    Path dir;

    @Test
    void onTheEmbeddedStoreEveryTenantOfTwentyRunsAtOnceByDefault() throws Exception {
        ScephubConfig config = load("");
        // Each tenant's body waits until all twenty are in: with fewer places than tenants it would wait out the timeout.
        CountDownLatch allIn = new CountDownLatch(TENANTS);
        int code = PerTenant.parallel(commandLine(), false, config, config.tenantNames(), (tenant, out, err) -> {
            allIn.countDown();
            return allIn.await(30, TimeUnit.SECONDS) ? 0 : 1;
        });

        assertThat(config.hub().state().syncsAtOnce()).isEqualTo(128);
        assertThat(code).isZero();
    }

    @Test
    void parallelSyncsBoundsHowManyTenantsRunAtOnce() throws Exception {
        ScephubConfig config = load("state:\n  parallelSyncs: 3\n");
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        // The first three meet before any ends, so three did run at once; a fourth never joins them.
        CyclicBarrier firstThree = new CyclicBarrier(3);
        AtomicInteger started = new AtomicInteger();
        int code = PerTenant.parallel(commandLine(), false, config, config.tenantNames(), (tenant, out, err) -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                if (started.incrementAndGet() <= 3) {
                    firstThree.await(30, TimeUnit.SECONDS);
                }
                return 0;
            } finally {
                running.decrementAndGet();
            }
        });

        assertThat(code).isZero();
        assertThat(config.hub().state().syncsAtOnce()).isEqualTo(3);
        assertThat(most.get()).isEqualTo(3);
        assertThat(started.get()).isEqualTo(TENANTS);
    }

    private ScephubConfig load(String state) throws Exception {
        StringBuilder yaml = new StringBuilder("version: 1\n").append(state).append("tenants:\n");
        for (int i = 0; i < TENANTS; i++) {
            yaml.append("""
                      - name: t%1$d
                        okta:
                          orgUrl: https://t%1$d.okta.com
                          auth:
                            apiToken: ${env:OKTA_API_TOKEN}
                    """.formatted(i));
        }
        Path file = Files.writeString(dir.resolve("scephub.yaml"), yaml);
        try (Hub hub = Hub.create(new HubEnvironment(Map.of("OKTA_API_TOKEN", "not-used"), dir, Clock.systemUTC()))) {
            ScephubConfig config = hub.load(file);
            assertThat(config.tenantNames()).hasSize(TENANTS);
            return config;
        }
    }

    private static CommandLine commandLine() {
        return new CommandLine(new Nothing());
    }

    @Command(name = "nothing")
    static final class Nothing {
    }
}
