package io.scephub.intune;

import io.scephub.core.model.NameLimits;
import io.scephub.core.spi.NameLengths;
import com.microsoft.graph.beta.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import com.microsoft.kiota.http.OkHttpRequestAdapter;
import com.microsoft.kiota.http.middleware.ParametersNameDecodingHandler;
import io.scephub.core.http.HttpPolicy;
import io.scephub.core.http.HttpSettings;
import io.scephub.core.http.RetryAfterSources;
import io.scephub.core.http.Sleeper;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SettingDef;
import io.scephub.core.model.SettingProblem;
import io.scephub.core.model.SettingType;
import io.scephub.core.model.SettingsSchema;
import io.scephub.core.renewal.RedistributionBudget;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.ConnectorContext;
import io.scephub.core.spi.MdmConnectorProvider;
import io.scephub.core.spi.MdmTraits;
import java.net.URI;
import java.util.List;
import java.util.Set;
import okhttp3.OkHttpClient;

/** The Intune connector's entry point: the {@code mdm.intune} settings, offline checks, and the Graph client. */
public final class IntuneConnectorProvider extends MdmConnectorProvider {

    public static final String ID = "intune";
    static final String SECTION = "mdm.intune";

    public IntuneConnectorProvider() {
        // {{DeviceId}} is Intune's stable per-device variable, the subject Okta's docs show for Intune.
        super(ID, new MdmTraits("Intune", "CN={{DeviceId}}", "Entra groups", Set.of(ChallengeType.DELEGATED), false));
    }

    @Override
    public SettingsSchema settingsSchema() {
        return HttpSettings.schema(SECTION,
                "Microsoft Intune through Microsoft Graph beta, as an Entra app with the application permissions "
                        + "DeviceManagementConfiguration.ReadWrite.All and Group.Read.All.",
                List.of(
                        SettingDef.required(IntuneSettings.TENANT_ID, SettingType.UUID,
                                "Entra tenant (directory) id of the Intune tenant; Okta also validates delegated challenges against it."),
                        SettingDef.required(IntuneSettings.CLIENT_ID, SettingType.UUID,
                                "Application (client) id of the Entra app scephub signs in as."),
                        SettingDef.required(IntuneSettings.CLIENT_SECRET, SettingType.SECRET,
                                "Client secret of that app, as ${env:NAME} or ${file:path}."),
                        SettingDef.withDefault(IntuneSettings.GRAPH_BASE_URL, SettingType.URL, GraphPaths.DEFAULT_GRAPH_BASE_URL,
                                "Graph beta endpoint (the SCEP profile types exist only in beta); point it at the sandbox for demos."),
                        SettingDef.withDefault(IntuneSettings.AUTHORITY_HOST, SettingType.URL, GraphPaths.DEFAULT_AUTHORITY_HOST,
                                "Entra ID authority host tokens are requested from (other clouds use another host)."),
                        SettingDef.withDefault(IntuneSettings.MAX_DEVICES_PER_WINDOW, SettingType.INTEGER,
                                (long) RedistributionBudget.DEFAULT.maxDevices(),
                                "Renewal with Okta as the CA: at most this many devices are asked to re-enrol per window; "
                                        + "due profiles beyond it are staggered into later windows (a larger profile still goes, alone)."),
                        SettingDef.withDefault(IntuneSettings.MAX_PROFILES_PER_WINDOW, SettingType.INTEGER,
                                (long) RedistributionBudget.DEFAULT.maxProfiles(),
                                "Renewal with Okta as the CA: at most this many SCEP profiles are redistributed per window."),
                        SettingDef.withDefault(IntuneSettings.REDISTRIBUTION_WINDOW, SettingType.DURATION, "1h",
                                "Renewal with Okta as the CA: the window both redistribution limits apply to; "
                                        + "staggered batches follow one window apart.")),
                "Intune: 1,000 requests and 100 writes per 20 s per app per tenant");
    }

    /** Entra group displayName: 256 (Graph's group resource); the profile displayName limit is unpublished (intune/README.md). */
    static final NameLimits NAME_LIMITS = new NameLimits("Intune", "profile", 256, "Entra group", 256,
            "Entra group displayName at most 256 (Microsoft Graph group resource); profile displayName unverified, 256 assumed");

    @Override
    public List<SettingProblem> validate(ConnectorSettings settings, DesiredState state) {
        return concat(concat(IntuneValidation.validate(settings, state),
                NameLengths.check(state, e -> ID.equals(e.mdm()), NAME_LIMITS)), HttpSettings.validate(settings));
    }

    @Override
    public Connector open(ConnectorSettings settings, ConnectorContext context) {
        return open(settings, context, Sleeper.threadSleep());
    }

    /** Like {@link #open(ConnectorSettings, ConnectorContext)}, waiting out throttled {@code $batch} steps with {@code sleeper}. */
    IntuneConnector open(ConnectorSettings settings, ConnectorContext context, Sleeper sleeper) {
        IntuneSettings intune = IntuneSettings.from(settings);
        requireHttpsOrLoopback(intune.graphBaseUrl(), IntuneSettings.GRAPH_BASE_URL);
        requireHttpsOrLoopback(intune.authorityHost(), IntuneSettings.AUTHORITY_HOST);
        Secret clientSecret = context.secret(intune.clientSecret());
        context.http().redact(clientSecret.reveal());

        // Kiota's RetryHandler is deliberately absent: the shared client already retries with jittered
        // backoff and honours Graph's Retry-After (seconds, possibly fractional); a second retry layer would multiply
        // attempts and bypass the rate limiter and circuit breaker. The name-decoding handler only
        // turns Kiota's %24select back into $select, as Graph documents its query options.
        HttpPolicy policy = HttpSettings.policy(graphPolicy(), settings);
        OkHttpClient client = context.http().client(ID, policy,
                RetryAfterSources.retryAfterHeader(),
                List.of(new ParametersNameDecodingHandler()));
        EntraTokenProvider tokens = new EntraTokenProvider(client,
                GraphPaths.tokenUrl(intune.authorityHost(), intune.tenantId()), intune.clientId(), clientSecret,
                intune.graphHost(), context.clock(), context.http()::redact);
        OkHttpRequestAdapter adapter = new OkHttpRequestAdapter(new BaseBearerTokenAuthenticationProvider(tokens), null, null, client);
        adapter.setBaseUrl(intune.graphBaseUrl());
        GraphServiceClient graph = new GraphServiceClient(adapter);
        // The service client fills in the public cloud's URL when none is set; ours must win.
        adapter.setBaseUrl(intune.graphBaseUrl());
        // Inner requests Graph throttles inside a $batch wait out its Retry-After, up to the shared client's own bound.
        GraphBatch batch = new GraphBatch(adapter, intune.graphBaseUrl(), sleeper, policy.maxRetryAfter(), policy.maxAttempts());
        return new IntuneConnector(new IntuneGraph(graph, adapter, intune.graphBaseUrl(), batch), intune.redistributionBudget(), intune.clientId(),
                context.knownObjects());
    }

    /**
     * Graph's published Intune limits instead of a fixed rate ({@link GraphRequestRules}); a {@code $batch}
     * is charged its inner requests, and {@code /assign} and token POSTs are retried like PUTs.
     */
    static HttpPolicy graphPolicy() {
        return HttpPolicy.defaults()
                .withRateLimits(GraphRequestRules.PUBLISHED_LIMITS)
                .withRequestCost(GraphRequestRules.COST)
                .withRetrySafePost(GraphRequestRules.RETRY_SAFE_POST);
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    private static void requireHttpsOrLoopback(String url, String key) {
        URI uri = URI.create(url);
        String host = uri.getHost();
        boolean loopback = "127.0.0.1".equals(host) || "localhost".equalsIgnoreCase(host) || "[::1]".equals(host);
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !loopback) {
            throw new IllegalArgumentException(SECTION + "." + key + ": " + url
                    + " must be https (plain http is accepted only for 127.0.0.1/localhost, e.g. the sandbox)");
        }
    }
}
