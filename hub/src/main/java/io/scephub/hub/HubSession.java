package io.scephub.hub;

import io.scephub.config.EnvFileSecrets;
import io.scephub.config.HubSettings;
import io.scephub.config.ScephubConfig;
import io.scephub.core.apply.ApplyListener;
import io.scephub.core.apply.ApplyResult;
import io.scephub.config.DesiredStateLocations;
import io.scephub.core.engine.DesiredStateRejected;
import io.scephub.core.engine.Reconciler;
import io.scephub.core.error.ConnectorUnavailable;
import io.scephub.core.http.ResilientVendorHttp;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.plan.Plan;
import io.scephub.core.plan.Planner;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.ConnectorProvider;
import io.scephub.hub.state.ApplyAudit;
import io.scephub.hub.state.AuditLog;
import io.scephub.hub.state.StateStore;
import io.scephub.hub.state.SyncLock;
import io.scephub.core.renewal.RenewalForecast;
import io.scephub.core.renewal.RenewalPlanner;
import io.scephub.core.devices.DeviceStatus;
import io.scephub.core.devices.DeviceStatusReader;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * One loaded configuration with its connectors open: what {@code plan} and {@code apply} work on.
 * Secrets are resolved here (all unresolvable references are named at once) and never leave the
 * connectors except through the redacting HTTP layer.
 */
public final class HubSession implements AutoCloseable {
    private final ScephubConfig config;
    private final ResilientVendorHttp http;
    private final Map<String, Connector> connectors;
    private final List<String> notices;
    private final Clock clock;
    private final Reconciler reconciler;
    private final SessionStateStore store;
    private final io.scephub.core.renewal.ReenrolmentLog pushes;

    private HubSession(ScephubConfig config, Map<String, Connector> connectors, List<String> notices, Clock clock,
                       SessionStateStore store, ResilientVendorHttp http, ExecutorService workers) {
        this.config = config;
        this.http = http;
        this.clock = clock;
        this.store = store;
        this.connectors = connectors;
        this.notices = notices;
        this.pushes = new io.scephub.hub.state.JdbcReenrolmentLog(() -> store.get().dataSource());
        this.reconciler = new Reconciler(connectors, new Planner(), workers, new RenewalPlanner(clock, pushes));
    }

    /**
     * Resolves secrets, then opens the configured connectors {@code needs} names (every one for a plan or an apply).
     * The state store is {@code shared} (a runtime's, left open when the session closes) or opened when
     * first needed: by an apply, by the renewal rings' record, or by a connector using kept reads under {@code keptReads}.
     * A read that will need the rings' record, or kept reads, starts opening a store that exists already right away.
     * {@code workers} (the hub's, shared by its sessions) run the connectors' reads and the apply's changes; how many of a
     * session's run at once is bounded by its connectors (one read each, at most {@code maxParallelism} changes each).
     */
    static HubSession open(ScephubConfig config, Providers providers, HubEnvironment env, ResilientVendorHttp http,
                           ExecutorService workers, KeptReadsMode keptReads, Optional<StateStore> shared, ConnectorNeeds needs) {
        if (config.tenants().size() != 1) {
            throw new IllegalArgumentException("the configuration has " + config.tenants().size() + " tenants; a session works on"
                    + " one (config.forTenant)");
        }
        String tenant = config.onlyTenant().name();
        EnvFileSecrets secrets = new EnvFileSecrets(env.env(), config.source().toAbsolutePath().getParent());
        secrets.checkAll(config);
        HubSettings.State state = config.hub().state();
        SessionStateStore store = shared.map(SessionStateStore::shared)
                .orElseGet(() -> new SessionStateStore(() -> HubRuntime.openStore(state, secrets), true,
                        // Only the embedded store, which opens in a moment: a server's may wait out a connection timeout,
                        // which a session closed before it needed the store would then wait for too (close waits).
                        () -> state.jdbcUrl().isEmpty() && StateStore.exists(state.dataDir())));
        if (needs.readsPushes(config.desired())) {
            // Its record is read after the first page (stuck devices) or the whole fleet (the rings): opened meanwhile.
            store.openAhead();
        }
        HubConnectorContext context = new HubConnectorContext(secrets::resolve, http, env.clock(), store, keptReads,
                state.reuseReadsFor(), tenant, needs.readsOnly());
        Map<String, Connector> open = new LinkedHashMap<>();
        List<String> notices = new ArrayList<>();
        try {
            for (ConnectorProvider provider : providers.all()) {
                ConnectorSettings settings = config.desired().connectors().get(provider.id());
                if (settings == null || !needs.opens(provider.id(), config.desired())) {
                    continue;
                }
                try {
                    open.put(provider.id(), provider.open(settings, context));
                } catch (ConnectorUnavailable e) {
                    boolean used = config.desired().enrollments().stream().anyMatch(en -> en.mdm().equals(provider.id()));
                    if (used) {
                        throw e;
                    }
                    notices.add(e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            open.values().forEach(Connector::close);
            store.close();
            throw e;
        }
        return new HubSession(config, open, notices, env.clock(), store, http, workers);
    }

    public ScephubConfig config() {
        return config;
    }

    /** The one tenant this session works on ({@value io.scephub.config.Tenant#DEFAULT} for a file without tenants:). */
    public String tenant() {
        return config.onlyTenant().name();
    }

    /** The shared resilient client the connectors call through, for the hub's own protocol checks (SCEP). */
    public ResilientVendorHttp http() {
        return http;
    }

    /** The open connectors by id, for the online checks that use optional SPI capabilities. */
    public Map<String, Connector> connectors() {
        return java.util.Collections.unmodifiableMap(connectors);
    }

    /**
     * Reads the vendors and plans. Desired values a vendor does not accept (e.g. a group that does
     * not exist) come back as a {@link io.scephub.config.ConfigException} placed at their line in scephub.yaml.
     */
    public Plan plan() {
        Plan plan;
        try {
            plan = reconciler.plan(config.desired());
        } catch (DesiredStateRejected e) {
            throw DesiredStateLocations.locate(config.source(), e.problems());
        }
        if (notices.isEmpty()) {
            return plan;
        }
        List<String> all = new ArrayList<>(notices);
        all.addAll(plan.notices());
        return plan.withNotices(all);
    }

    /** The expiry waves of the enrollments with Okta as the CA and a renewal policy, at the session's clock. */
    public RenewalForecast renewalForecast() {
        RenewalForecast forecast = reconciler.forecast(config.desired());
        if (notices.isEmpty()) {
            return forecast;
        }
        List<String> all = new ArrayList<>(notices);
        all.addAll(forecast.notices());
        return new RenewalForecast(forecast.now(), forecast.waves(), forecast.due(), all);
    }

    /**
     * Streams the per-device status of {@code enrollment} (or of every enrollment) from the MDMs:
     * devices to {@code sink} as their pages arrive, notices (the session's own first) to {@code noticeSink}.
     */
    public void deviceStatuses(Optional<String> enrollment, Consumer<DeviceStatus> sink, Consumer<String> noticeSink) {
        notices.forEach(noticeSink);
        Consumer<DeviceStatus> marked = new io.scephub.hub.devices.StuckDevices(config.desired().enrollments(), pushes, clock.instant(),
                noticeSink).marking(sink);
        new DeviceStatusReader(connectors).read(config.desired(), enrollment, marked, noticeSink);
    }

    /** The devices the renewal rings reported stuck, as the last sync that counted each enrollment's devices recorded them. */
    public java.util.List<io.scephub.hub.state.StuckDeviceRecords.Stuck> stuckDevices() {
        return new io.scephub.hub.state.StuckDeviceRecords(store.get().dataSource(), tenant()).all();
    }

    /**
     * Waits until no other sync or apply of the configured state store runs (in any process sharing
     * it), then holds it off until the returned lock is closed: plan and apply inside it.
     */
    public SyncLock.Held lockSyncs(SyncLock.Waiting waiting) throws InterruptedException {
        return store.get().syncLock().acquire(SyncLock.partitionOf(tenant()), waiting);
    }

    /** Applies the plan and records the run in the audit log of the configured state store. */
    public ApplyResult apply(Plan plan, ApplyListener listener) {
        return apply(plan, listener, UUID.randomUUID().toString());
    }

    /** As {@link #apply(Plan, ApplyListener)}, recorded under {@code runId} (a sync run's id) in the audit log. */
    public ApplyResult apply(Plan plan, ApplyListener listener, String runId) {
        ApplyAudit audit = new ApplyAudit(new AuditLog(store.get().dataSource(), clock, tenant()));
        return reconciler.apply(plan, ApplyListener.both(listener, audit.listener(runId, String.valueOf(config.source()))));
    }

    @Override
    public void close() {
        connectors.values().forEach(Connector::close);
        store.close();
    }
}
