package io.scephub.jamf;

import io.scephub.core.http.HttpPolicy;
import io.scephub.core.http.HttpSettings;
import io.scephub.core.http.RetryAfterSources;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.NameLimits;
import io.scephub.core.model.Secret;
import io.scephub.core.spi.NameLengths;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.Platform;
import io.scephub.core.model.SettingDef;
import io.scephub.core.model.SettingProblem;
import io.scephub.core.model.SettingType;
import io.scephub.core.reads.ReadReuse;
import io.scephub.core.model.SettingsSchema;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.ConnectorContext;
import io.scephub.core.spi.ConnectorProvider;
import io.scephub.core.spi.ConnectorRole;
import io.scephub.core.spi.EnrollmentChecks;
import io.scephub.core.spi.MdmTraits;
import io.scephub.core.text.DisplayName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * Jamf Pro: macOS configuration profiles with a dynamic SCEP payload, scoped to Smart Groups.
 * Opens a {@link JamfConnector} authenticated as a Jamf Pro API client (OAuth client credentials).
 */
public final class JamfConnectorProvider implements ConnectorProvider {
    static final String ID = "jamf";
    static final String URL = "url";
    static final String CLIENT_ID = "clientId";
    static final String CLIENT_SECRET = "clientSecret";
    /** Jamf publishes no length limit for profile or group names: 255 is assumed (unverified, jamf/README.md). */
    static final NameLimits NAME_LIMITS = new NameLimits("Jamf", "configuration profile", 255, "computer group", 255,
            "unverified: Jamf publishes no name limit, 255 assumed");
    static final String WEBHOOK_URL = "webhook.url";
    static final String WEBHOOK_USERNAME = "webhook.username";
    static final String WEBHOOK_PASSWORD = "webhook.password";
    static final String REENROL = "renewal.reenrol";
    static final String REENROL_SCOPE = "scope";
    static final String REENROL_WAVE = "wave";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ConnectorRole role() {
        return ConnectorRole.MDM;
    }

    @Override
    public Optional<MdmTraits> mdmTraits() {
        // The subject Okta's docs show for Jamf; $UDID keeps it stable per computer.
        return Optional.of(new MdmTraits("Jamf", "CN=$COMPUTERNAME ODA $UDID", "Jamf Smart Computer Groups",
                Set.of(ChallengeType.DYNAMIC), true));
    }

    @Override
    public SettingsSchema settingsSchema() {
        List<SettingDef> settings = new ArrayList<>(List.of(
                SettingDef.required("url", SettingType.URL, "Jamf Pro base URL, e.g. https://example.jamfcloud.com"),
                SettingDef.required("clientId", SettingType.SECRET, "API client id"),
                SettingDef.required("clientSecret", SettingType.SECRET, "API client secret"),
                SettingDef.optional(WEBHOOK_URL, SettingType.URL, "HTTPS URL at which Jamf reaches scephub serve's SCEPChallenge "
                        + "endpoint, e.g. https://scephub.example.com/hooks/jamf/scep-challenge (required with a jamf enrollment)"),
                SettingDef.optional(WEBHOOK_USERNAME, SettingType.STRING, "User name Jamf's webhook sends with HTTP Basic"),
                SettingDef.optional(WEBHOOK_PASSWORD, SettingType.SECRET, "Password Jamf's webhook sends with HTTP Basic"),
                SettingDef.optional(REENROL, SettingType.STRING, "Renewal with Okta as the CA: 'scope' (default) redeploys a due "
                        + "profile to every computer in scope; 'wave' re-enrols only the renewal rings' Macs, through a static group "
                        + "'scephub renewal <enrollment>' in the profile's exclusions (see jamf/README.md)")));
        settings.addAll(HttpSettings.definitions("Jamf Pro: no request-rate limit published, only at most 5 concurrent connections, "
                + "which scephub's one-call-at-a-time client keeps"));
        return new SettingsSchema("mdm.jamf", "Jamf Pro API client (Settings > API roles and clients).", settings);
    }

    @Override
    public List<SettingProblem> validate(ConnectorSettings settings, DesiredState state) {
        // Jamf's "Dynamic-Microsoft CA" type fetches a one-time challenge per device from Okta.
        List<SettingProblem> problems = new ArrayList<>(EnrollmentChecks.supported(state, id(), Set.of(Platform.MACOS),
                Set.of(ChallengeType.DYNAMIC), "Jamf fetches a one-time challenge per device from Okta's challenge URL"));
        long jamfEnrollments = state.enrollments().stream().map(EnrollmentSpec::mdm).filter(ID::equals).count();
        if (jamfEnrollments > 0) {
            // Jamf gets each Mac's one-time challenge from scephub serve; without the webhook no Mac can enrol.
            for (String key : List.of(WEBHOOK_URL, WEBHOOK_USERNAME, WEBHOOK_PASSWORD)) {
                if (!settings.has(key)) {
                    problems.add(new SettingProblem(settings.section() + "." + key, "is missing; Jamf fetches each Mac's one-time "
                            + "challenge from scephub serve through its SCEPChallenge webhook, which needs webhook.url, "
                            + "webhook.username and webhook.password (see jamf/README.md)"));
                }
            }
        }
        settings.optionalString(WEBHOOK_URL).map(HttpUrl::parse).filter(u -> !u.isHttps() && !isLoopback(u.host()))
                .ifPresent(u -> problems.add(new SettingProblem(settings.section() + "." + WEBHOOK_URL, "\"" + u
                        + "\" is not https; Jamf Cloud must reach scephub over HTTPS (plain http only to 127.0.0.1, for the sandbox)")));
        HttpUrl url = settings.optionalString(URL).map(HttpUrl::parse).orElse(null);
        if (settings.has(URL) && url == null) {
            problems.add(new SettingProblem(settings.section() + "." + URL, "\"" + settings.string(URL)
                    + "\" is not an http(s) URL; expected e.g. https://example.jamfcloud.com"));
        }
        settings.optionalString(REENROL).filter(v -> !v.equals(REENROL_SCOPE) && !v.equals(REENROL_WAVE))
                .ifPresent(v -> problems.add(new SettingProblem(settings.section() + "." + REENROL, DisplayName.quote(v)
                        + " is not one of scope, wave")));
        problems.addAll(NameLengths.check(state, e -> ID.equals(e.mdm()), NAME_LIMITS));
        problems.addAll(HttpSettings.validate(settings));
        return problems;
    }

    /**
     * Jamf publishes guidance rather than a rate (docs/rate-limits.md), so no window; only the token
     * request is a POST safe to resend (a Classic API POST creates an object each time).
     */
    static final HttpPolicy JAMF_POLICY = HttpPolicy.defaults()
            .withRetrySafePost(request -> JamfPaths.isToken(request.url().encodedPath()));

    @Override
    public Connector open(ConnectorSettings settings, ConnectorContext context) {
        HttpUrl base = HttpUrl.parse(settings.string(URL));
        if (base == null) {
            throw new IllegalArgumentException(settings.section() + "." + URL + ": \"" + settings.string(URL) + "\" is not an http(s) URL");
        }
        Secret clientId = context.secret(settings.secret(CLIENT_ID));
        Secret clientSecret = context.secret(settings.secret(CLIENT_SECRET));
        context.http().redact(clientSecret.reveal());
        Optional<JamfWebhookSettings> webhook = settings.optionalString(WEBHOOK_URL).map(url -> {
            Secret password = context.secret(settings.secret(WEBHOOK_PASSWORD));
            context.http().redact(password.reveal());
            return new JamfWebhookSettings(url, settings.string(WEBHOOK_USERNAME), password);
        });
        JamfPaths paths = new JamfPaths(base);
        HttpPolicy policy = HttpSettings.policy(JAMF_POLICY, settings);
        // The token call authenticates with the form itself, so its client has no auth interceptor.
        OkHttpClient tokenClient = context.http().client(ID, policy, RetryAfterSources.retryAfterHeader(), List.of());
        Interceptor tokens = JamfTokenSource.bearer(tokenClient, paths.token(), clientId, clientSecret, context.clock(),
                context.http()::redact);
        OkHttpClient client = context.http().client(ID, policy, RetryAfterSources.retryAfterHeader(), List.of(tokens));
        // The base URL is the tenant: kept reads of another Jamf instance are never used.
        ReadReuse reuse = context.readReuse(ID, base.toString(), JamfConnector.KEPT_READ_FORMAT);
        boolean perWave = settings.optionalString(REENROL).filter(REENROL_WAVE::equals).isPresent();
        return new JamfConnector(new JamfClient(client, paths), webhook, context.clock(), reuse, perWave, context.knownObjects());
    }

    private static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
    }
}
