package io.scephub.hub;

import io.scephub.config.EnvFileSecrets;
import io.scephub.config.HubSettings;
import io.scephub.config.ScephubConfig;
import io.scephub.hub.state.StateStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The hub for one configuration while a command runs: opens the state store once and owns every
 * part that lives until the command ends (scheduler, server, purge), closing them in reverse order
 * and the store last. Sessions and syncs run through {@link #hub()} share the store, so a sync under
 * {@code serve} opens no second pool and runs no second migration.
 */
public final class HubRuntime implements AutoCloseable {
    private final Hub hub;
    private final ScephubConfig config;
    private final EnvFileSecrets secrets;
    private final StateStore store;
    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private HubRuntime(Hub hub, ScephubConfig config, EnvFileSecrets secrets, StateStore store) {
        this.hub = hub;
        this.config = config;
        this.secrets = secrets;
        this.store = store;
    }

    /** Opens {@code config}'s state store ({@code state:}), resolving its password reference. */
    static HubRuntime open(Hub hub, ScephubConfig config) {
        EnvFileSecrets secrets = new EnvFileSecrets(hub.env().env(), config.source().toAbsolutePath().getParent());
        return open(hub, config, config.hub().state(), secrets);
    }

    /** Opens the store {@code state} names for a command run without a configuration ({@link #config()} then fails). */
    static HubRuntime open(Hub hub, HubSettings.State state, EnvFileSecrets secrets) {
        return open(hub, null, state, secrets);
    }

    private static HubRuntime open(Hub hub, ScephubConfig config, HubSettings.State state, EnvFileSecrets secrets) {
        StateStore store = openStore(state, secrets);
        return new HubRuntime(hub.sharing(store), config, secrets, store);
    }

    /** The one place the state store {@code state} names is opened: here for a runtime, lazily for a one-shot session. */
    static StateStore openStore(HubSettings.State state, EnvFileSecrets secrets) {
        return StateStore.open(state.jdbcUrl(), state.username(), state.password().map(secrets::resolve), state.dataDir(),
                state.syncsAtOnce());
    }

    /** Loads configurations and opens sessions that use this runtime's state store. */
    public Hub hub() {
        return hub;
    }

    /** The configuration this runtime was opened for; fails for one opened without a configuration. */
    public ScephubConfig config() {
        if (config == null) {
            throw new IllegalStateException("this runtime was opened without a configuration file");
        }
        return config;
    }

    /** The secret references of the configuration, resolved relative to its file. */
    public EnvFileSecrets secrets() {
        return secrets;
    }

    /** The one state store. */
    public StateStore store() {
        return store;
    }

    /** Takes {@code part} into this runtime: it is closed with it, after every part taken later. */
    public synchronized <T extends AutoCloseable> T own(T part) {
        parts.push(part);
        return part;
    }

    /**
     * Blocks until the process is asked to stop (SIGTERM, Ctrl-C); the JVM's exit then waits up to
     * {@code grace} for this runtime to close.
     */
    public void awaitStop(Duration grace) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        // The JVM exits when the hooks return: wait for the parts and the store to close first.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            try {
                closed.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "scephub-shutdown"));
        stopped.await();
    }

    /** Closes every part, newest first, then the store; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed.getCount() == 0) {
            return;
        }
        RuntimeException failure = null;
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the hub failed: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        try {
            store.close();
        } finally {
            closed.countDown();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
