package io.scephub.okta;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.core.http.BearerTokenInterceptor;
import io.scephub.core.http.ClientCredentialsTokens;
import io.scephub.core.http.HttpPolicy;
import io.scephub.core.http.HttpSettings;
import io.scephub.core.http.RetryAfterSource;
import io.scephub.core.http.VendorHttp;
import io.scephub.core.model.CaSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.Platform;
import io.scephub.core.model.Secret;
import io.scephub.core.text.DisplayName;
import io.scephub.core.model.SettingProblem;
import io.scephub.core.model.SettingsSchema;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.ConnectorContext;
import io.scephub.core.spi.ConnectorProvider;
import io.scephub.core.spi.ConnectorRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/** The Okta connector's entry point: the {@code okta} settings section, its offline checks, and opening the connector. */
public final class OktaConnectorProvider implements ConnectorProvider {
    static final String ID = "okta";
    static final String INTUNE = "intune";
    static final String INTUNE_TENANT_ID = "tenantId";
    static final String INTUNE_CLIENT_ID = "clientId";
    private static final int MAX_RA_NAME = 100;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ConnectorRole role() {
        return ConnectorRole.IDENTITY;
    }

    @Override
    public SettingsSchema settingsSchema() {
        return OktaSettings.schema();
    }

    @Override
    public Optional<SettingsSchema> enrollmentSettings() {
        return Optional.of(OktaConsole.enrollmentSchema());
    }

    @Override
    public List<SettingProblem> validate(ConnectorSettings settings, DesiredState state) {
        List<SettingProblem> problems = new ArrayList<>();
        String section = settings.section();
        String mode = settings.optionalString(OktaSettings.MANAGE).orElse(OktaConsole.MODE_API);
        // Credentials are needed unless the whole section is managed in the console and no enrollment asks for the API.
        boolean anyApi = !mode.equals(OktaConsole.MODE_CONSOLE) || state.enrollments().stream().anyMatch(e -> !OktaConsole.isConsole(e, mode));
        if (anyApi || OktaSettings.hasApiToken(settings) || OktaSettings.hasOAuth(settings)) {
            validateAuth(settings, section, problems);
        }
        for (int i = 0; i < state.enrollments().size(); i++) {
            EnrollmentSpec enrollment = state.enrollments().get(i);
            for (String problem : OktaConsole.misplacedValues(enrollment, OktaConsole.isConsole(enrollment, mode))) {
                int colon = problem.indexOf(':');
                problems.add(new SettingProblem("enrollments[" + i + "].okta." + problem.substring(0, colon),
                        problem.substring(colon + 2)));
            }
        }
        settings.optionalString(OktaSettings.ORG_URL).ifPresent(url -> validateOrgUrl(url, section, problems));
        problems.addAll(HttpSettings.validate(settings));
        validateEnrollments(state, problems);
        return problems;
    }

    private static void validateAuth(ConnectorSettings settings, String section, List<SettingProblem> problems) {
        boolean token = OktaSettings.hasApiToken(settings);
        boolean oauth = OktaSettings.hasOAuth(settings);
        String auth = section + "." + OktaSettings.AUTH;
        if (token && oauth) {
            problems.add(new SettingProblem(auth, "give exactly one of apiToken or oauth, not both"));
        } else if (!token && !oauth) {
            problems.add(new SettingProblem(auth, "give exactly one of apiToken (an Okta API token) or oauth "
                    + "(clientId and privateKey of an API service app)"));
        } else if (oauth) {
            if (!settings.has(OktaSettings.CLIENT_ID)) {
                problems.add(new SettingProblem(section + "." + OktaSettings.CLIENT_ID,
                        "is required with auth.oauth: the client id of the Okta API service app"));
            }
            if (!settings.has(OktaSettings.PRIVATE_KEY)) {
                problems.add(new SettingProblem(section + "." + OktaSettings.PRIVATE_KEY,
                        "is required with auth.oauth: a reference to the service app's PEM PKCS#8 private key, e.g. ${file:okta.pem}"));
            }
            if (settings.has(OktaSettings.SCOPES) && settings.list(OktaSettings.SCOPES).isEmpty()) {
                problems.add(new SettingProblem(section + "." + OktaSettings.SCOPES,
                        "must not be empty; scephub needs " + String.join(", ", OktaSettings.DEFAULT_SCOPES)));
            }
        }
    }

    private static void validateOrgUrl(String url, String section, List<SettingProblem> problems) {
        HttpUrl parsed = HttpUrl.parse(url);
        String path = section + "." + OktaSettings.ORG_URL;
        if (parsed == null) {
            problems.add(new SettingProblem(path, "\"" + url + "\" is not an http(s) URL; expected e.g. https://example.okta.com"));
        } else if (parsed.host().contains("-admin.")) {
            problems.add(new SettingProblem(path, "\"" + url + "\" is the admin console URL; use the org URL without \"-admin\", e.g. https://"
                    + parsed.host().replace("-admin.", ".")));
        }
    }

    private static void validateEnrollments(DesiredState state, List<SettingProblem> problems) {
        Map<String, CaSpec.CustomCa> customCas = new HashMap<>();
        for (int i = 0; i < state.enrollments().size(); i++) {
            EnrollmentSpec enrollment = state.enrollments().get(i);
            String at = "enrollments[" + i + "]";
            if (OktaNames.raName(enrollment.name()).length() > MAX_RA_NAME) {
                problems.add(new SettingProblem(at + ".name", DisplayName.quote(enrollment.name()) + " is too long: Okta names the SCEP "
                        + "configuration \"" + OktaNames.raName("") + "<name>\" and allows " + MAX_RA_NAME + " characters, so at most "
                        + (MAX_RA_NAME - OktaNames.raName("").length()) + " characters"));
            }
            if (enrollment.ca() instanceof CaSpec.CustomCa custom) {
                if (enrollment.platform() == Platform.MACOS) {
                    problems.add(new SettingProblem(at + ".ca", "macOS enrollments must use Okta as the CA (ca: okta): Okta "
                            + "documents its own-CA option only for Windows"));
                }
                validateCustomCa(custom, at, customCas, problems);
            }
            if (enrollment.challenge() == ChallengeType.DELEGATED) {
                Optional<ConnectorSettings> intune = state.connector(INTUNE);
                if (intune.isEmpty() || !intune.get().has(INTUNE_TENANT_ID) || !intune.get().has(INTUNE_CLIENT_ID)) {
                    problems.add(new SettingProblem(at + ".challenge", "a delegated challenge needs the intune connector "
                            + "(mdm.intune with tenantId and clientId): Okta validates the challenges with that Entra tenant and app"));
                }
            }
        }
    }

    private static void validateCustomCa(CaSpec.CustomCa custom, String at, Map<String, CaSpec.CustomCa> seen,
                                         List<SettingProblem> problems) {
        if (custom.chainDer().isEmpty()) {
            problems.add(new SettingProblem(at + ".ca", "custom CA \"" + custom.name() + "\" has no certificate in its chain"));
        }
        CaSpec.CustomCa previous = seen.putIfAbsent(custom.name(), custom);
        if (previous != null && !previous.equals(custom)) {
            problems.add(new SettingProblem(at + ".ca", "custom CA \"" + custom.name() + "\" is given with a different chain "
                    + "by an earlier enrollment; one name, one chain"));
        }
    }

    @Override
    public Connector open(ConnectorSettings settings, ConnectorContext context) {
        // The API is opened only when an enrollment is managed through it: console mode needs no credentials.
        java.util.function.Supplier<OktaDeviceAccessApi> api = new java.util.function.Supplier<>() {
            private OktaDeviceAccessApi opened;

            @Override
            public synchronized OktaDeviceAccessApi get() {
                if (opened == null) {
                    opened = openApi(settings, context);
                }
                return opened;
            }
        };
        // Challenge URLs authenticate with HTTP Basic per request, so their client has no auth interceptor.
        OkHttpClient challengeClient = context.http().client(ID, HttpSettings.policy(OKTA_POLICY, settings), new OktaRetryAfter(),
                List.of());
        return new OktaConnector(api, settings.optionalString(OktaSettings.MANAGE).orElse(OktaConsole.MODE_API), context::secret,
                context.http()::redact, context.knownObjects()).withChallengeClient(challengeClient);
    }

    /** Okta's per-bucket calendar-minute limits, steered by its X-Rate-Limit-* headers: see docs/rate-limits.md. */
    static final HttpPolicy OKTA_POLICY = HttpPolicy.defaults()
            .withQuotaWindows(OktaRateLimits.QUOTAS)
            .withRetrySafePost(OktaConnectorProvider::retrySafePost);

    /**
     * POSTs that may be resent after an unknown outcome: only the token request. Creating a SCEP
     * configuration or resetting its password would act twice.
     */
    static boolean retrySafePost(Request request) {
        return OktaPaths.isToken(request.url().encodedPath());
    }

    /**
     * The Okta Device Access API alone (for secret rotation and group look-ups outside a sync),
     * authenticated and rate-limited exactly like the connector.
     */
    public OktaDeviceAccessApi openApi(ConnectorSettings settings, ConnectorContext context) {
        OktaSettings okta = OktaSettings.from(settings);
        HttpUrl orgUrl = HttpUrl.parse(okta.orgUrl());
        if (orgUrl == null) {
            throw new IllegalArgumentException(settings.section() + "." + OktaSettings.ORG_URL + ": \"" + okta.orgUrl()
                    + "\" is not an http(s) URL");
        }
        ObjectMapper mapper = Shared.MAPPER;
        OktaPaths paths = new OktaPaths(orgUrl);
        VendorHttp http = context.http();
        HttpPolicy policy = HttpSettings.policy(OKTA_POLICY, settings);
        RetryAfterSource retryAfter = new OktaRetryAfter();
        Interceptor auth;
        if (okta.auth() instanceof OktaSettings.ApiToken token) {
            Secret value = context.secret(token.token());
            http.redact(value.reveal());
            auth = new SswsAuthInterceptor(value);
        } else {
            OktaSettings.OAuth oauth = (OktaSettings.OAuth) okta.auth();
            Secret pem = context.secret(oauth.privateKey());
            http.redact(pem.reveal());
            PrivateKeys.SigningKey key = PrivateKeys.parse(pem.reveal(),
                    settings.section() + "." + OktaSettings.PRIVATE_KEY + " (" + oauth.privateKey() + ")");
            // The token request authenticates itself with the client assertion, so its client has no auth interceptor.
            OkHttpClient tokenClient = http.client(ID, policy, retryAfter, List.of());
            auth = new BearerTokenInterceptor(new ClientCredentialsTokens(tokenClient, new PrivateKeyJwtTokenEndpoint(paths.token(),
                    oauth.clientId(), key, oauth.keyId(), oauth.scopes(), context.clock(), http::redact, mapper),
                    PrivateKeyJwtTokenEndpoint.EARLY_RENEWAL, context.clock(), http::redact));
        }
        OkHttpClient client = http.client(ID, policy, retryAfter, List.of(auth));
        return new HttpOktaDeviceAccessApi(new OktaRestClient(client, mapper, orgUrl), paths, http::redact);
    }

    /**
     * Every tenant's API shares one mapper (it builds its deserializers once; configured never, so thread-safe), made
     * when a connector first opens: a static field of the provider would load about 370 Jackson classes into every
     * offline {@code validate}, which only asks the provider to check settings.
     */
    private static final class Shared {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
