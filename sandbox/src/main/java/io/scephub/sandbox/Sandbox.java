package io.scephub.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

/**
 * Stateful simulators of Okta and Microsoft Graph (with its Entra ID token endpoint) on WireMock,
 * bound to 127.0.0.1. Start with {@link #start(SandboxOptions)}, point clients at
 * {@link #oktaBaseUrl()}, {@link #graphBaseUrl()} and {@link #authorityHost()}, close when done.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
    private static final String BIND_ADDRESS = "127.0.0.1";

    private final SandboxOptions options;
    private final Faults faults = new Faults();
    private final RequestJournal journal = new RequestJournal();
    private final OktaSimulator okta;
    private final ScepServer scep;
    private final Pki pki;
    private final GraphSimulator graph;
    private final WireMockServer oktaServer;
    private final WireMockServer graphServer;
    private final JamfSimulator jamf;
    private final WireMockServer jamfServer;
    private final WorkspaceOneSimulator workspaceOne;
    private final WireMockServer workspaceOneServer;

    private Sandbox(SandboxOptions options) {
        this.options = options;
        ObjectMapper json = new ObjectMapper();
        Ids ids = Ids.secure();
        this.pki = new Pki();
        this.okta = new OktaSimulator(json, options, ids, pki);
        this.graph = new GraphSimulator(json, options, ids, pki);
        this.scep = new ScepServer(okta::scepConfiguration, pki, ids, json, graph.challenges());
        okta.serveScepWith(scep);
        options.initialFaults().forEach(rule -> faults.everyNth(rule.vendor(), rule.everyNth(), rule.fault()));
        this.oktaServer = server(options.oktaPort(), new SimulatorTransformer("scephub-okta", okta, faults, journal, options.clock()));
        this.graphServer = server(options.graphPort(), new SimulatorTransformer("scephub-graph", graph, faults, journal, options.clock()));
        this.jamf = new JamfSimulator(json, options);
        this.jamfServer = server(options.jamfPort(), new SimulatorTransformer("scephub-jamf", jamf, faults, journal, options.clock()));
        this.workspaceOne = new WorkspaceOneSimulator(json, options, ids);
        this.workspaceOneServer = server(options.workspaceOne().port(),
                new SimulatorTransformer("scephub-workspaceone", workspaceOne, faults, journal, options.clock()));
    }

    /** Generates the simulated CAs, starts both servers and seeds them. */
    public static Sandbox start(SandboxOptions options) {
        Sandbox sandbox = new Sandbox(options);
        try {
            sandbox.oktaServer.start();
            sandbox.graphServer.start();
            sandbox.jamfServer.start();
            sandbox.workspaceOneServer.start();
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
        sandbox.okta.bind(sandbox.oktaBaseUrl());
        sandbox.graph.bind(sandbox.authorityHost());
        log.info("sandbox started okta={} graph={} authority={}", sandbox.oktaBaseUrl(), sandbox.graphBaseUrl(),
                sandbox.authorityHost());
        return sandbox;
    }

    /** Starts with {@link SandboxOptions#defaults()}. */
    public static Sandbox start() {
        return start(SandboxOptions.defaults());
    }

    private static WireMockServer server(int port, SimulatorTransformer transformer) {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress(BIND_ADDRESS)
                .port(port)
                .extensions(transformer)
                .notifier(new Slf4jNotifier(false))
                // WireMock formats every request and response for the notifier even when it drops them (not verbose):
                // off, as nothing reads them. The simulators' own journal records the requests.
                .stubRequestLoggingDisabled(true)
                .disableRequestJournal()
                .gzipDisabled(true)
                .containerThreads(16));
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
        return server;
    }

    /** {@code http://127.0.0.1:P}: Okta's org URL. */
    public String oktaBaseUrl() {
        return "http://" + BIND_ADDRESS + ":" + oktaServer.port();
    }

    /** Okta's OpenID Connect provider (issuer = {@link #oktaBaseUrl()}) with the console's app and demo users. */
    public OktaOidcProvider oidc() {
        return okta.oidc();
    }

    /** {@code http://127.0.0.1:Q/beta}: Graph's beta endpoint. */
    public String graphBaseUrl() {
        return authorityHost() + "/beta";
    }

    /** {@code http://127.0.0.1:Q}: the Entra authority host; tokens at {@code /{tenantId}/oauth2/v2.0/token}. */
    public String authorityHost() {
        return "http://" + BIND_ADDRESS + ":" + graphServer.port();
    }

    /** {@code http://127.0.0.1:R}: the Jamf Pro server URL. */
    public String jamfBaseUrl() {
        return "http://" + BIND_ADDRESS + ":" + jamfServer.port();
    }

    /** Jamf Pro's state, read-only, plus seeding helpers for tests. */
    public JamfSimulator jamf() {
        return jamf;
    }

    /** {@code http://127.0.0.1:R}: the Workspace ONE UEM API base URL (paths start with {@code /API}). */
    public String workspaceOneBaseUrl() {
        return "http://" + BIND_ADDRESS + ":" + workspaceOneServer.port();
    }

    /** The Workspace ONE OAuth token URL (client credentials), on the same port as the API. */
    public String workspaceOneTokenUrl() {
        return workspaceOneBaseUrl() + "/connect/token";
    }

    /** Workspace ONE UEM's state, read-only, plus a few helpers for tests. */
    public WorkspaceOneSimulator workspaceOne() {
        return workspaceOne;
    }

    /** The options it started with; they name the credentials it accepts. */
    public SandboxOptions options() {
        return options;
    }

    /** Fault rules, applied to requests from now on. */
    public Faults faults() {
        return faults;
    }

    /** Every request answered so far. */
    public RequestJournal requests() {
        return journal;
    }

    /** Okta's state, read-only. */
    public OktaSimulator okta() {
        return okta;
    }

    /** Okta's SCEP service (at each SCEP configuration's scepUrl): its decisions, for tests. */
    public ScepServer scep() {
        return scep;
    }

    /** Graph's state, read-only, plus a few helpers for tests. */
    public GraphSimulator graph() {
        return graph;
    }

    /** The simulated Intune tenant's delegated SCEP challenge signer (kept across {@link #reset()}). */
    public ChallengeIssuer challenges() {
        return graph.challenges();
    }

    /** Back to the seeded state: no faults, an empty journal, the generated CAs kept. */
    public void reset() {
        faults.clear();
        okta.reset();
        scep.reset();
        graph.reset();
        jamf.reset();
        workspaceOne.reset();
        journal.clear();
    }

    @Override
    public void close() {
        if (oktaServer.isRunning()) {
            oktaServer.stop();
        }
        if (graphServer.isRunning()) {
            graphServer.stop();
        }
        if (jamfServer.isRunning()) {
            jamfServer.stop();
        }
        if (workspaceOneServer.isRunning()) {
            workspaceOneServer.stop();
        }
        pki.release();
    }
}
