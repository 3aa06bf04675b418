package io.scephub.hub;

import io.scephub.config.ConfigLoader;
import io.scephub.config.HubSettings;
import io.scephub.config.EnvFileSecrets;
import io.scephub.config.ScephubConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.scephub.core.http.ResilientVendorHttp;
import io.scephub.core.threads.DaemonThreads;
import io.scephub.hub.metrics.VendorCallMetrics;
import io.scephub.hub.state.StateStore;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Loads configurations and opens sessions and runtimes: the one place the CLI, the server and the
 * demo start from. Closing it closes the runtimes it opened and the HTTP layer it built.
 */
public final class Hub implements AutoCloseable {
    private final HubEnvironment env;
    private final Providers providers;
    private final Supplier<ResilientVendorHttp> http;
    /** Whether this hub built the HTTP layer (and so closes it). */
    private final boolean ownsHttp;
    /** The runtime's store every session of this hub uses, or null: each session opens its own when needed. */
    private final StateStore sharedStore;
    private final Deque<HubRuntime> runtimes = new ArrayDeque<>();
    private ResilientVendorHttp opened;
    /** The sessions' worker threads: this hub's own, or (for a hub {@link #sharing} a store) the hub it was made from. */
    private final Supplier<ExecutorService> workers;
    private ExecutorService ownWorkers;

    public Hub(HubEnvironment env, Providers providers, ResilientVendorHttp http) {
        this(env, providers, () -> http, false, null, null);
    }

    private Hub(HubEnvironment env, Providers providers, Supplier<ResilientVendorHttp> http, boolean ownsHttp,
                StateStore sharedStore, Supplier<ExecutorService> workers) {
        this.env = env;
        this.providers = providers;
        this.http = http;
        this.ownsHttp = ownsHttp;
        this.sharedStore = sharedStore;
        this.workers = workers != null ? workers : this::ownWorkers;
    }

    /**
     * For one-shot commands: vendor calls are logged but not measured. The HTTP layer (OkHttp, TLS,
     * logging) is built when a session first opens, so offline {@code validate} never loads it.
     */
    public static Hub create(HubEnvironment env) {
        return create(env, Providers.discover());
    }

    /** As {@link #create(HubEnvironment)}, with these connectors instead of the class path's. */
    public static Hub create(HubEnvironment env, Providers providers) {
        return new Hub(env, providers, () -> new ResilientVendorHttp(env.clock()), true, null, null);
    }

    /** Vendor calls, retries and circuit breaker states are recorded in {@code metrics}. */
    public static Hub create(HubEnvironment env, MeterRegistry metrics) {
        return new Hub(env, Providers.discover(), () -> new ResilientVendorHttp(env.clock(), new VendorCallMetrics(metrics)), true, null,
                null);
    }

    public HubEnvironment env() {
        return env;
    }

    public Providers providers() {
        return providers;
    }

    /** Parses and validates offline; secrets are not resolved. Throws ConfigException listing every problem. */
    public ScephubConfig load(Path file) {
        return new ConfigLoader(providers.all()).load(env.resolve(file));
    }

    /** Resolves secrets and opens the connectors for a plan or an apply, reusing reads kept within {@code state.reuseReadsFor}. */
    public HubSession open(ScephubConfig config) {
        return open(config, KeptReadsMode.REUSE);
    }

    /** As {@link #open(ScephubConfig)}, using kept reads as {@code keptReads} says ({@code --refresh}, checks). */
    public HubSession open(ScephubConfig config, KeptReadsMode keptReads) {
        return HubSession.open(config, providers, env, http(), workers.get(), keptReads, Optional.ofNullable(sharedStore),
                ConnectorNeeds.all());
    }

    /**
     * As {@link #open(ScephubConfig)}, opening only the connectors {@code needs} names: a read of devices or
     * fleets starts no vendor it does not read.
     */
    public HubSession open(ScephubConfig config, ConnectorNeeds needs) {
        return HubSession.open(config, providers, env, http(), workers.get(), KeptReadsMode.REUSE, Optional.ofNullable(sharedStore),
                needs);
    }

    /**
     * Opens {@code config}'s state store once, for a command that runs syncs, serves or keeps parts
     * running; closed with this hub unless closed before.
     */
    public synchronized HubRuntime runtime(ScephubConfig config) {
        HubRuntime runtime = HubRuntime.open(this, config);
        runtimes.push(runtime);
        return runtime;
    }

    /**
     * The hub whose sessions run {@code tenants} of {@code config} one after another (plan, apply): several tenants share
     * one state store (partitioned by tenant), opened here once and closed with this hub, as sync shares its runtime's;
     * opening and closing H2 per tenant made a 100-tenant plan spend most of its time there. One tenant is this hub,
     * whose session opens the store only if it needs it.
     */
    public Hub forTenants(ScephubConfig config, List<String> tenants) {
        return tenants.size() > 1 ? runtime(config).hub() : this;
    }

    /** Like {@link #runtime(ScephubConfig)} for a command run without a configuration file: the store {@code state} names. */
    public synchronized HubRuntime runtime(HubSettings.State state, EnvFileSecrets secrets) {
        HubRuntime runtime = HubRuntime.open(this, state, secrets);
        runtimes.push(runtime);
        return runtime;
    }

    /** This hub with the same HTTP layer, whose sessions use {@code store} instead of opening their own. */
    Hub sharing(StateStore store) {
        return new Hub(env, providers, this::http, false, store, workers);
    }

    /** The shared resilient client the sessions' vendor calls go through; the console's calls to Okta use it too. */
    public io.scephub.core.http.VendorHttp vendorHttp() {
        return http();
    }

    /**
     * One pool for every session of this hub, threads kept a while when idle: a pool per session started and ended up
     * to 16 threads for each tenant of a sync, and that churn was about 7 % of a 100-tenant sync's CPU.
     */
    private synchronized ExecutorService ownWorkers() {
        if (ownWorkers == null) {
            ownWorkers = Executors.newCachedThreadPool(DaemonThreads.numbered("scephub-worker"));
        }
        return ownWorkers;
    }

    private synchronized ResilientVendorHttp http() {
        if (opened == null) {
            opened = http.get();
        }
        return opened;
    }

    @Override
    public synchronized void close() {
        while (!runtimes.isEmpty()) {
            runtimes.pop().close();
        }
        if (ownsHttp && opened != null) {
            opened.close();
        }
        if (ownWorkers != null) {
            ownWorkers.shutdownNow();
        }
    }
}
