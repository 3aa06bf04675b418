package io.scephub.hub.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scephub.config.EnvFileSecrets;
import io.scephub.config.HubSettings;
import io.scephub.config.ScephubConfig;
import io.scephub.core.threads.DaemonThreads;
import io.scephub.hub.ConnectorNeeds;
import io.scephub.hub.Hub;
import io.scephub.hub.HubSession;
import io.scephub.hub.expiry.ExpiryGauges;
import io.scephub.hub.expiry.ExpiryMonitor;
import io.scephub.hub.notify.DeliveryPolicy;
import io.scephub.hub.notify.NotificationLog;
import java.util.Optional;
import io.scephub.hub.devices.DeviceStatusExport;
import io.scephub.hub.devices.DeviceStatusFeed;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.HubRuntime;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.console.Console;
import io.scephub.hub.server.ApiTokens;
import io.scephub.hub.server.ServedTokens;
import io.scephub.hub.server.TenantHooks;
import io.scephub.hub.server.HubServer;
import io.scephub.hub.state.JdbcReplayStore;
import io.scephub.hub.state.StateStore;
import io.scephub.hub.KeptReadsMode;
import io.scephub.hub.state.SyncLock;
import io.scephub.hub.sync.SyncLiveness;
import io.scephub.hub.sync.SyncRunner;
import io.scephub.hub.sync.SyncRuns;
import io.scephub.hub.sync.SyncMetrics;
import io.scephub.hub.sync.SyncScheduler;
import java.time.Duration;
import org.slf4j.LoggerFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import io.scephub.hub.sync.TenantSyncs;
import io.scephub.hub.sync.TenantReload;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code scephub serve}: runs the REST API and the sync scheduler until the process is stopped. */
@Command(name = "serve", exitCodeOnInvalidInput = ScephubCommand.EXIT_ERROR,
        description = {"Serve the REST API (GET /healthz, GET /readyz, GET /metrics, POST /api/v1/challenges/verify,",
                "POST /api/v1/syncs, GET /api/v1/syncs, GET /api/v1/syncs/{id}, GET /openapi.yaml) over plain HTTP on server.listen; put a TLS-terminating",
                "reverse proxy in front of it. Runs the recurring sync on schedule.sync and the queued syncs; instances",
                "sharing one PostgreSQL state store share that work and run each tick once."})
public final class ServeCommand implements Callable<Integer> {
    /** How often used challenge ids past their expiry are deleted from the replay table. */
    private static final long PURGE_EVERY_MINUTES = 5;
    /** How long a stop (SIGTERM) waits for the server to finish requests and the state store to close. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(25);

    @ParentCommand
    private ScephubCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "scephub.yaml",
            description = "The desired-state file (default: ${DEFAULT-VALUE}).")
    private Path config;

    /** The expiry watch runs shortly after start, then hourly: one Graph read, nothing more. */
    static final long EXPIRY_FIRST_CHECK_SECONDS = 5;
    static final long EXPIRY_CHECK_EVERY_SECONDS = 3600;

    /** {@code endpoints} in the order scephub.yaml lists the tenants (the REST API lists them so). */
    private static Map<String, HubServer.TenantEndpoints> inFileOrder(ScephubConfig loaded, Map<String, HubServer.TenantEndpoints> endpoints) {
        Map<String, HubServer.TenantEndpoints> ordered = new LinkedHashMap<>();
        loaded.tenantNames().forEach(t -> ordered.put(t, endpoints.get(t)));
        return ordered;
    }

    /** How often notifications due to be sent again are looked for. */
    static final long RESEND_EVERY_SECONDS = 60;

    /** One pass of the notification resends, over scephub.yaml as it is now; a failure is logged and the next pass tries again. */
    private void resendNotifications(Hub hub, NotificationLog notifications, HubEnvironment env) {
        try {
            ScephubConfig now = hub.load(config);
            int sent = io.scephub.hub.notify.Notifier.of(now, env.env(), notifications, DeliveryPolicy.DEFAULT, env.clock()).resendDue(50);
            if (sent > 0) {
                LoggerFactory.getLogger(ServeCommand.class).info("notifications_resent count={}", sent);
            }
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ServeCommand.class).warn("notifications_resend_failed error={}",
                    e instanceof io.scephub.core.error.ScephubException ? e.getMessage() : e.getClass().getSimpleName());
        }
    }

    @Option(names = "--port", paramLabel = "PORT", description = "Listen on this port instead of server.listen's (0: any free port).")
    private Integer port;

    @Option(names = "--no-scheduler", description = "Do not run syncs here (neither schedule.sync nor queued ones);"
            + " POST /api/v1/syncs still queues them for the instances that do.")
    private boolean noScheduler;

    /** Each {@code GET /api/v1/devices} reads scephub.yaml afresh and opens its own session, like a sync. */
    private DeviceStatusFeed deviceFeed(Hub hub, String tenant) {
        return (enrollment, writer) -> {
            try (HubSession session = hub.open(hub.load(config).forTenant(tenant), ConnectorNeeds.deviceReads(enrollment))) {
                return DeviceStatusExport.export(session, enrollment, writer);
            }
        };
    }

    @Override
    public Integer call() throws InterruptedException {
        HubEnvironment env = root.env();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port != null && (port < 0 || port > 65535)) {
            err.println("error: --port " + port + " is out of range; expected 0-65535");
            return ScephubCommand.EXIT_ERROR;
        }
        if (!env.env().containsKey("SCEPHUB_LOG_LEVEL")) {
            // A service logs when syncs are requested, start and end (the CLI keeps quiet by default).
            for (String name : new String[] {"io.scephub.hub.sync", "io.scephub.hub.server.HubServer"}) {
                if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                    logger.setLevel(ch.qos.logback.classic.Level.INFO);
                }
            }
        }
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Hub hub = Hub.create(env, metrics)) {
            return serve(hub, env, metrics, out, err);
        }
    }

    /**
     * Serves {@code tenant}'s vendor endpoints (Jamf's SCEPChallenge webhook) as {@code config} defines them; when its
     * session does not open, warns and keeps what it served.
     */
    private static void serveHooks(TenantHooks hooks, String tenant, ScephubConfig config, PrintWriter err) {
        try {
            hooks.serve(tenant, config);
        } catch (RuntimeException e) {
            err.println("warning: vendor endpoints (/hooks/...) of tenant " + tenant + " not (re)loaded, the previous ones stay: "
                    + e.getMessage());
            err.flush();
        }
    }

    private int serve(Hub hub, HubEnvironment env, PrometheusMeterRegistry metrics, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        ScephubConfig loaded = hub.load(config);
        EnvFileSecrets secrets = new EnvFileSecrets(env.env(), loaded.source().toAbsolutePath().getParent());
        // Read again at each reload tick: a changed server.tokens or a rotated value behind its references.
        ServedTokens servedTokens = new ServedTokens(secrets, config.getFileName().toString(), metrics);
        ApiTokens tokens = servedTokens.first(loaded.hub().server().tokens());
        if (tokens.isEmpty()) {
            err.println("warning: server.tokens is empty, so every endpoint but /healthz answers 401");
        }
        HubSettings.Listen listen = loaded.hub().server().listen();
        if (port != null) {
            listen = new HubSettings.Listen(listen.host(), port);
        }
        SyncLiveness liveness = SyncLiveness.from(env.env());
        try (HubRuntime runtime = hub.runtime(loaded)) {
            StateStore store = runtime.store();
            // Syncs run through the runtime's hub, so they use this store: no second pool, no second migration.
            // One runner per tenant (its own connectors, rate-limit buckets and lock); a tick syncs the tenants at once.
            Map<String, SyncRunner> runners = new LinkedHashMap<>();
            for (String tenant : loaded.tenantNames()) {
                runners.put(tenant, new SyncRunner(runtime.hub(), config, new SyncRuns(store.dataSource(), env.clock(), tenant),
                        KeptReadsMode.REUSE, store.syncLock(), SyncLock.partitionOf(tenant), liveness));
            }
            TenantSyncs tenantSyncs = runtime.own(new TenantSyncs(runners, SyncRuns.anyTenant(store.dataSource(), env.clock()),
                    store.syncsAtOnce()));
            SyncScheduler scheduler = runtime.own(new SyncScheduler(store.dataSource(), new SyncRuns(store.dataSource(), env.clock()),
                    tenantSyncs, SyncScheduler.Settings.of(loaded.hub().schedule().sync(), env.env()).withLiveness(liveness), env.clock()));
            // Looked up by the console per request, so a tenant added while serving is found there too.
            Map<String, HubServer.TenantEndpoints> endpoints = new java.util.concurrent.ConcurrentHashMap<>();
            // Each tenant verifies delegated challenges with its own signers, into its own audit partition.
            runners.forEach((tenant, runner) -> endpoints.put(tenant, new HubServer.TenantEndpoints(
                    scheduler.forTenant(tenant, runner::unknownEnrollments), deviceFeed(runtime.hub(), tenant),
                    ChallengeVerification.forTenant(loaded, tenant, store, env.clock(), metrics))));
            HubServer server = runtime.own(new HubServer(listen, tokens,
                    ChallengeVerification.create(Optional.empty(), store, env.clock(), metrics), store.dataSource(),
                    metrics, env.clock(), HubServer.DEFAULT_MAX_BODY_BYTES, scheduler,
                    loaded.tenant(io.scephub.config.Tenant.DEFAULT).isPresent() ? deviceFeed(runtime.hub(), io.scephub.config.Tenant.DEFAULT)
                            : null)).withTenants(inFileOrder(loaded, endpoints));
            ScheduledExecutorService purger = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("scephub-replay-purge"));
            runtime.own((AutoCloseable) purger::shutdownNow);
            if (!noScheduler) {
                scheduler.start();
                out.println("scephub syncs on \"" + loaded.hub().schedule().sync() + "\" (cron, UTC) and runs queued syncs");
            }
            SyncMetrics.register(metrics, SyncRuns.anyTenant(store.dataSource(), env.clock()), env.clock());
            ExpiryMonitor expiry = new ExpiryMonitor(runtime.hub(), config, Optional.of(ExpiryGauges.register(metrics, env.clock())),
                    new NotificationLog(store.dataSource(), env.clock()), DeliveryPolicy.DEFAULT, env.clock());
            purger.scheduleWithFixedDelay(expiry, EXPIRY_FIRST_CHECK_SECONDS, EXPIRY_CHECK_EVERY_SECONDS, TimeUnit.SECONDS);
            // Failed notifications are sent again on their schedule, and rows a stopped instance left pending are taken over
            // once their lease passed: first right after start, then every minute.
            NotificationLog notificationLog = new NotificationLog(store.dataSource(), env.clock());
            purger.scheduleWithFixedDelay(() -> resendNotifications(hub, notificationLog, env), 0, RESEND_EVERY_SECONDS, TimeUnit.SECONDS);
            JdbcReplayStore replay = new JdbcReplayStore(store.dataSource(), env.clock());
            purger.scheduleWithFixedDelay(() -> {
                try {
                    replay.purgeExpired(env.clock().instant());
                } catch (RuntimeException e) {
                    err.println("warning: purging expired challenge ids failed: " + e.getMessage());
                }
            }, 0, PURGE_EVERY_MINUTES, TimeUnit.MINUTES);
            loaded.hub().server().console().ifPresent(console -> server.with(Console.create(console, secrets, () -> hub.load(config),
                    store.dataSource(), tenant -> Optional.ofNullable(endpoints.get(tenant)).map(HubServer.TenantEndpoints::syncs),
                    env.clock(), hub.vendorHttp())));
            // Each tenant's vendor endpoints from a session of its own, opened again at each reload (credentials as the file has them).
            TenantHooks hooks = runtime.own(new TenantHooks(env.env(), tenantConfig -> runtime.hub().open(tenantConfig)));
            loaded.tenantNames().forEach(tenant -> serveHooks(hooks, tenant, loaded, err));
            // The file as last loaded, for the reloads that find it unchanged but a secret behind it rotated.
            java.util.concurrent.atomic.AtomicReference<ScephubConfig> current = new java.util.concurrent.atomic.AtomicReference<>(loaded);
            server.with(hooks.hooks());
            server.start();
            // Tenants added to scephub.yaml while serving get their runner, REST routes and console queue without a restart.
            TenantReload reload = new TenantReload(config, hub::load, new TenantReload.Serving() {
                @Override
                public java.util.Set<String> served() {
                    return java.util.Set.copyOf(tenantSyncs.tenants());
                }

                @Override
                public void add(String tenant, ScephubConfig reloaded) {
                    SyncRunner runner = new SyncRunner(runtime.hub(), config, new SyncRuns(store.dataSource(), env.clock(), tenant),
                            KeptReadsMode.REUSE, store.syncLock(), SyncLock.partitionOf(tenant), liveness);
                    HubServer.TenantEndpoints added = new HubServer.TenantEndpoints(scheduler.forTenant(tenant, runner::unknownEnrollments),
                            deviceFeed(runtime.hub(), tenant), ChallengeVerification.forTenant(reloaded, tenant, store, env.clock(), metrics));
                    tenantSyncs.add(tenant, runner);
                    endpoints.putIfAbsent(tenant, added);
                    server.addTenant(tenant, added);
                }

                @Override
                public void remove(String tenant) {
                    tenantSyncs.remove(tenant);
                    server.removeTenant(tenant);
                    endpoints.remove(tenant);
                    hooks.remove(tenant);
                }

                @Override
                public void unchanged() {
                    ScephubConfig now = current.get();
                    servedTokens.refresh(now.hub().server().tokens(), server);
                    now.tenantNames().forEach(tenant -> serveHooks(hooks, tenant, now, err));
                }

                @Override
                public void reloaded(ScephubConfig reloaded) {
                    current.set(reloaded);
                    // A token removed from server.tokens stops working now; a set that does not resolve keeps the old one.
                    servedTokens.refresh(reloaded.hub().server().tokens(), server);
                    // Each tenant's challenge signers as the file now has them.
                    for (String tenant : reloaded.tenantNames()) {
                        HubServer.TenantEndpoints now = endpoints.get(tenant);
                        if (now != null) {
                            HubServer.TenantEndpoints next = new HubServer.TenantEndpoints(now.syncs(), now.devices(),
                                    ChallengeVerification.forTenant(reloaded, tenant, store, env.clock(), metrics));
                            endpoints.put(tenant, next);
                            server.replaceTenant(tenant, next);
                        }
                        serveHooks(hooks, tenant, reloaded, err);
                    }
                }
            });
            long reloadMillis = TenantReload.every(env.env()).toMillis();
            purger.scheduleWithFixedDelay(reload, reloadMillis, reloadMillis, TimeUnit.MILLISECONDS);
            out.println("scephub listening on " + server.uri());
            if (loaded.hub().server().console().isPresent()) {
                out.println("scephub console at " + server.uri() + "/ (sign in with Okta)");
            }
            out.flush();
            runtime.awaitStop(SHUTDOWN_GRACE);
        }
        return 0;
    }
}
