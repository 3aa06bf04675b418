package io.scephub.hub;

import io.scephub.config.ConfigLoader;
import io.scephub.config.ScephubConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.scephub.core.http.ResilientVendorHttp;
import io.scephub.hub.metrics.VendorCallMetrics;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Loads configurations and opens sessions: the one place the CLI, the server and the demo start from. */
public final class Hub implements AutoCloseable {
    private final HubEnvironment env;
    private final Providers providers;
    private final Supplier<ResilientVendorHttp> http;
    private ResilientVendorHttp opened;

    public Hub(HubEnvironment env, Providers providers, ResilientVendorHttp http) {
        this(env, providers, () -> http);
    }

    private Hub(HubEnvironment env, Providers providers, Supplier<ResilientVendorHttp> http) {
        this.env = env;
        this.providers = providers;
        this.http = http;
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
        return new Hub(env, providers, () -> new ResilientVendorHttp(env.clock()));
    }

    /** Vendor calls, retries and circuit breaker states are recorded in {@code metrics}. */
    public static Hub create(HubEnvironment env, MeterRegistry metrics) {
        return new Hub(env, Providers.discover(), new ResilientVendorHttp(env.clock(), new VendorCallMetrics(metrics)));
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
        return HubSession.open(config, providers, env, http(), keptReads);
    }

    private synchronized ResilientVendorHttp http() {
        if (opened == null) {
            opened = http.get();
        }
        return opened;
    }

    @Override
    public void close() {
    }
}
