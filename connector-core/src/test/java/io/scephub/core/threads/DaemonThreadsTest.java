package io.scephub.core.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
    @Test
    void numberedThreadsCountFromOneAndNeverKeepTheJvmAlive() {
        ThreadFactory threads = DaemonThreads.numbered("scephub-worker");
        Thread first = threads.newThread(() -> { });
        Thread second = threads.newThread(() -> { });
        assertThat(first.getName()).isEqualTo("scephub-worker-1");
        assertThat(second.getName()).isEqualTo("scephub-worker-2");
        assertThat(first.isDaemon()).isTrue();
        assertThat(second.isDaemon()).isTrue();
    }

    @Test
    void aNamedPoolsThreadsAllCarryItsName() {
        ThreadFactory threads = DaemonThreads.named("scephub-sync-sweep");
        assertThat(threads.newThread(() -> { }).getName()).isEqualTo("scephub-sync-sweep");
        assertThat(threads.newThread(() -> { }).getName()).isEqualTo("scephub-sync-sweep");
        assertThat(threads.newThread(() -> { }).isDaemon()).isTrue();
    }
}
