package io.scephub.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.scephub.hub.state.StateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session's own store opened ahead: only one that is there already, handed to the first use, closed with the session. */
class SessionStateStoreTest {
    @TempDir
    Path dir;

    /** The threads that opened a store, one entry per opening. */
    final List<String> openedOn = new CopyOnWriteArrayList<>();

    private Supplier<StateStore> h2() {
        return () -> {
            openedOn.add(Thread.currentThread().getName());
            return StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir);
        };
    }

    private boolean exists() {
        return StateStore.exists(dir);
    }

    @Test
    void aStoreThatIsNotThereIsNotOpenedAheadSoAReadCreatesNone() {
        SessionStateStore store = new SessionStateStore(h2(), true, this::exists);
        store.openAhead();
        store.close();
        assertThat(openedOn).isEmpty();
        assertThat(exists()).isFalse();
    }

    @Test
    void anExistingStoreIsOpenedOnAThreadOfItsOwnAndHandedToTheFirstUse() {
        StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir).close();
        SessionStateStore store = new SessionStateStore(h2(), true, this::exists);
        store.openAhead();
        store.openAhead();
        StateStore first = store.get();
        assertThat(store.get()).isSameAs(first);
        assertThat(openedOn).containsExactly("scephub-state-ahead");
        store.close();
        assertThat(((HikariDataSource) first.dataSource()).isClosed()).isTrue();
    }

    @Test
    void anOpeningAheadThatFailedIsForgottenAndTheUseFailsAsBeforeEachTime() {
        SessionStateStore store = new SessionStateStore(() -> {
            openedOn.add(Thread.currentThread().getName());
            throw new IllegalStateException("store canary-7731 cannot be opened");
        }, true, () -> true);
        store.openAhead();
        assertThatThrownBy(store::get).isInstanceOf(IllegalStateException.class).hasMessage("store canary-7731 cannot be opened");
        assertThatThrownBy(store::get).isInstanceOf(IllegalStateException.class).hasMessage("store canary-7731 cannot be opened");
        assertThat(openedOn).hasSize(3).first().isEqualTo("scephub-state-ahead");
        store.close();
    }

    @Test
    void aSessionClosedWhileItsStoreIsOpeningAheadWaitsForItAndClosesIt() throws Exception {
        StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir).close();
        CountDownLatch release = new CountDownLatch(1);
        List<StateStore> opened = new CopyOnWriteArrayList<>();
        SessionStateStore store = new SessionStateStore(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            StateStore s = h2().get();
            opened.add(s);
            return s;
        }, true, this::exists);
        store.openAhead();
        // The opening is still under way when the session closes (it is released a moment later): close waits for it,
        // so a schema check that migrates is never cut off by the process ending.
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release.countDown();
        });
        releaser.start();
        store.close();
        assertThat(opened).hasSize(1);
        assertThat(((HikariDataSource) opened.get(0).dataSource()).isClosed()).isTrue();
        assertThatThrownBy(store::get).isInstanceOf(IllegalStateException.class).hasMessage("the session is closed");
    }

    @Test
    void aStoreOpenedAheadButNeverUsedIsClosedWithTheSession() throws Exception {
        StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir).close();
        List<StateStore> opened = new CopyOnWriteArrayList<>();
        SessionStateStore store = new SessionStateStore(() -> {
            StateStore s = h2().get();
            opened.add(s);
            return s;
        }, true, this::exists);
        store.openAhead();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (opened.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        store.close();
        assertThat(opened).hasSize(1);
        assertThat(((HikariDataSource) opened.get(0).dataSource()).isClosed()).isTrue();
    }

    @Test
    void aRuntimesSharedStoreIsNeverOpenedAheadNorClosedHere() {
        StateStore shared = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir);
        SessionStateStore store = SessionStateStore.shared(shared);
        store.openAhead();
        assertThat(store.get()).isSameAs(shared);
        store.close();
        assertThat(((HikariDataSource) shared.dataSource()).isClosed()).isFalse();
        shared.close();
    }
}
