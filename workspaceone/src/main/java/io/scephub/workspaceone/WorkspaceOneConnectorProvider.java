package io.scephub.workspaceone;

import io.scephub.core.model.NameLimits;
import io.scephub.core.spi.NameLengths;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.core.http.HttpPolicy;
import io.scephub.core.http.HttpSettings;
import io.scephub.core.http.RetryAfterSources;
import io.scephub.core.http.VendorHttp;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.Platform;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SettingDef;
import io.scephub.core.model.SettingProblem;
import io.scephub.core.model.SettingType;
import io.scephub.core.model.SettingsSchema;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.ConnectorContext;
import io.scephub.core.spi.MdmConnectorProvider;
import io.scephub.core.spi.EnrollmentChecks;
import io.scephub.core.spi.MdmTraits;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Workspace ONE UEM: Windows Desktop credential profiles that use the console-configured generic SCEP
 * authority (Okta's SCEP URL and static secret), assigned to smart groups. Opens a {@link WorkspaceOneConnector}.
 */
public final class WorkspaceOneConnectorProvider extends MdmConnectorProvider {
    static final String ID = "workspaceone";
    static final String URL = "url";
    static final String TOKEN_URL = "tokenUrl";
    static final String CLIENT_ID = "clientId";
    static final String CLIENT_SECRET = "clientSecret";
    static final String API_KEY = "apiKey";
    static final String ORGANIZATION_GROUP = "organizationGroup";
    static final String CERTIFICATE_AUTHORITY = "certificateAuthority";
    static final String CERTIFICATE_TEMPLATE = "certificateTemplate";
    static final String DEFAULT_CERTIFICATE_AUTHORITY = "Okta ODA SCEP";
    static final String DEFAULT_CERTIFICATE_TEMPLATE = "ODA Device";

    public WorkspaceOneConnectorProvider() {
        // {DeviceUid} is UEM's stable per-device lookup value.
        super(ID, new MdmTraits("Workspace ONE", "CN={DeviceUid}", "Workspace ONE smart groups", Set.of(ChallengeType.STATIC), true));
    }

    @Override
    public SettingsSchema settingsSchema() {
        return HttpSettings.schema("mdm.workspaceone", "Workspace ONE UEM REST API (OAuth client credentials + tenant code).", List.of(
                SettingDef.required(URL, SettingType.URL, "UEM API base URL, e.g. https://as1234.awmdm.com"),
                SettingDef.withDefault(TOKEN_URL, SettingType.URL, WorkspaceOnePaths.DEFAULT_TOKEN_URL,
                        "OAuth token URL of your region (na., emea., apac., uat.) or https://<host>/connect/token on premises"),
                SettingDef.required(CLIENT_ID, SettingType.SECRET, "OAuth client id"),
                SettingDef.required(CLIENT_SECRET, SettingType.SECRET, "OAuth client secret"),
                SettingDef.required(API_KEY, SettingType.SECRET, "REST API key, sent as aw-tenant-code"),
                SettingDef.required(ORGANIZATION_GROUP, SettingType.STRING, "Organization group id (GroupId) the profiles live in"),
                SettingDef.withDefault(CERTIFICATE_AUTHORITY, SettingType.STRING, DEFAULT_CERTIFICATE_AUTHORITY,
                        "Name of the generic SCEP certificate authority created in the UEM console with Okta's SCEP URL and static secret"),
                SettingDef.withDefault(CERTIFICATE_TEMPLATE, SettingType.STRING, DEFAULT_CERTIFICATE_TEMPLATE,
                        "Name of that authority's certificate template the profiles request")),
                "Workspace ONE UEM: per-tenant limits set by the tenant's administrator, no published default; its 429s carry Retry-After");
    }

    /** UEM publishes no length limit for profile or smart group names: 255 is assumed (unverified, workspaceone/README.md). */
    static final NameLimits NAME_LIMITS = new NameLimits("Workspace ONE", "profile", 255, "smart group", 255,
            "unverified: Workspace ONE publishes no name limit, 255 assumed");

    @Override
    public List<SettingProblem> validate(ConnectorSettings settings, DesiredState state) {
        // The generic SCEP authority in UEM carries one static challenge; Intune-style delegation does not exist there.
        List<SettingProblem> problems = new java.util.ArrayList<>(EnrollmentChecks.supported(state, id(),
                Set.of(Platform.WINDOWS), Set.of(ChallengeType.STATIC),
                "Workspace ONE's SCEP certificate authority is configured with Okta's static challenge"));
        problems.addAll(NameLengths.check(state, e -> id().equals(e.mdm()), NAME_LIMITS));
        problems.addAll(HttpSettings.validate(settings));
        return problems;
    }

    @Override
    public Connector open(ConnectorSettings settings, ConnectorContext context) {
        HttpUrl base = url(settings, URL);
        HttpUrl tokenUrl = url(settings, TOKEN_URL);
        VendorHttp http = context.http();
        Secret clientId = context.secret(settings.secret(CLIENT_ID));
        Secret clientSecret = context.secret(settings.secret(CLIENT_SECRET));
        Secret apiKey = context.secret(settings.secret(API_KEY));
        http.redact(clientSecret.reveal());
        http.redact(apiKey.reveal());
        ObjectMapper mapper = Shared.MAPPER;
        WorkspaceOnePaths paths = new WorkspaceOnePaths(base, tokenUrl);
        // UEM's limits are set per tenant and not published (docs/rate-limits.md); its 429s carry Retry-After,
        // which the resilient client honours. The token request and the profile update (whole-profile
        // replace) are the POSTs safe to resend; create is not.
        String updatePath = paths.updateProfile().encodedPath();
        String tokenPath = paths.token().encodedPath();
        HttpPolicy policy = HttpSettings.policy(HttpPolicy.defaults().withRetrySafePost(request ->
                request.url().encodedPath().equals(updatePath) || request.url().encodedPath().equals(tokenPath)), settings);
        OkHttpClient tokenClient = http.client(ID, policy, RetryAfterSources.retryAfterHeader(), List.of());
        OkHttpClient client = http.client(ID, policy, RetryAfterSources.retryAfterHeader(),
                WorkspaceOneAuth.interceptors(tokenClient, paths, clientId, clientSecret, apiKey, context.clock(), http::redact, mapper));
        WorkspaceOneRestClient rest = new WorkspaceOneRestClient(client, mapper);
        WorkspaceOnePayloads payloads = new WorkspaceOnePayloads(mapper);
        String organizationGroup = settings.string(ORGANIZATION_GROUP);
        WorkspaceOneDirectory directory = new WorkspaceOneDirectory(rest, paths, payloads, organizationGroup);
        return new WorkspaceOneConnector(rest, paths, payloads, directory,
                settings.optionalString(CERTIFICATE_AUTHORITY).orElse(DEFAULT_CERTIFICATE_AUTHORITY),
                settings.optionalString(CERTIFICATE_TEMPLATE).orElse(DEFAULT_CERTIFICATE_TEMPLATE),
                context.readReuse(ID, WorkspaceOneConnector.keptReadScope(base.toString(), organizationGroup),
                        WorkspaceOneConnector.KEPT_READ_FORMAT),
                context.knownObjects());
    }

    private static HttpUrl url(ConnectorSettings settings, String key) {
        String text = settings.optionalString(key).orElse(key.equals(TOKEN_URL) ? WorkspaceOnePaths.DEFAULT_TOKEN_URL : null);
        HttpUrl url = text == null ? null : HttpUrl.parse(text);
        if (url == null) {
            throw new IllegalArgumentException(settings.section() + "." + key + ": \"" + text + "\" is not an http(s) URL");
        }
        return url;
    }

    /**
     * Every tenant's client shares one mapper (it builds its deserializers once; configured never, so thread-safe), made
     * when a connector first opens: a static field of the provider would load about 370 Jackson classes into every
     * offline {@code validate}, which only asks the provider to check settings.
     */
    private static final class Shared {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
