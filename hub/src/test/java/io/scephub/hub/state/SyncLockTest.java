package io.scephub.hub.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync lock of a state store: one holder per partition across pools (processes), released with its connection. */
class SyncLockTest {
    @TempDir
    Path dir;

    @Test
    void onH2ASecondStoreWaitsUntilTheFirstReleasesAndOtherPartitionsDoNotWait() throws Exception {
        try (StateStore a = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir);
             StateStore b = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir)) {
            secondWaitsForFirst(a, b);
        }
    }

    @Test
    void onPostgresASecondInstanceWaitsUntilTheFirstReleasesAndOtherPartitionsDoNotWait() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(); StateStore a = open(postgres); StateStore b = open(postgres)) {
            secondWaitsForFirst(a, b);
        }
    }

    @Test
    void waitersInOneProcessTakeTheLockOneAfterTheOther() throws Exception {
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir)) {
            SyncLock lock = store.syncLock();
            SyncLock.Held first = lock.acquire(SyncLock.WHOLE_STORE, SyncLock.Waiting.quietly());
            CountDownLatch waiting = new CountDownLatch(1);
            CompletableFuture<SyncLock.Held> second = CompletableFuture.supplyAsync(() -> acquire(lock, SyncLock.WHOLE_STORE, waiting));
            assertThat(waiting.await(10, TimeUnit.SECONDS)).as("the second caller was told it waits").isTrue();
            Thread.sleep(300);
            assertThat(second).isNotDone();
            first.close();
            second.get(10, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void onPostgresALockWhoseHolderDiedIsFreeAtOnce() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(); StateStore a = open(postgres); StateStore b = open(postgres)) {
            SyncLock.Held held = a.syncLock().acquire(SyncLock.WHOLE_STORE, SyncLock.Waiting.quietly());
            // What kill -9 of the holder does to its session: the server ends it.
            try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement st = admin.createStatement();
                 ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
                         + " AND classid = " + SyncLock.ADVISORY_NAMESPACE)) {
                assertThat(rs.next()).as("the holder's session was found by its advisory lock").isTrue();
            }
            CompletableFuture<SyncLock.Held> next = CompletableFuture.supplyAsync(
                    () -> acquire(b.syncLock(), SyncLock.WHOLE_STORE, new CountDownLatch(1)));
            next.get(10, TimeUnit.SECONDS).close();
            held.close();
        }
    }

    private static void secondWaitsForFirst(StateStore a, StateStore b) throws Exception {
        SyncLock.Held first = a.syncLock().acquire(SyncLock.WHOLE_STORE, SyncLock.Waiting.quietly());
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<SyncLock.Held> second = CompletableFuture.supplyAsync(() -> acquire(b.syncLock(), SyncLock.WHOLE_STORE, waiting));
        assertThat(waiting.await(10, TimeUnit.SECONDS)).as("the second store was told it waits").isTrue();
        Thread.sleep(500);
        assertThat(second).as("the second store still waits").isNotDone();

        SyncLock.Held otherPartition = b.syncLock().acquire("tenant-b", SyncLock.Waiting.quietly());
        otherPartition.close();

        first.close();
        SyncLock.Held taken = second.get(10, TimeUnit.SECONDS);
        assertThat(taken.partition()).isEqualTo(SyncLock.WHOLE_STORE);
        taken.close();
        a.syncLock().acquire(SyncLock.WHOLE_STORE, SyncLock.Waiting.quietly()).close();
    }

    private static SyncLock.Held acquire(SyncLock lock, String partition, CountDownLatch waiting) {
        try {
            return lock.acquire(partition, p -> waiting.countDown());
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StateStore open(EmbeddedPostgres postgres) {
        return StateStore.open(Optional.of(postgres.getJdbcUrl("postgres", "postgres")), Optional.of("postgres"), Optional.empty(),
                Path.of("unused"));
    }
}
