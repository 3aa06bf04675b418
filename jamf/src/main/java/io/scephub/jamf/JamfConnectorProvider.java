package io.scephub.jamf;

import io.scephub.core.http.HttpPolicy;
import io.scephub.core.http.HttpSettings;
import io.scephub.core.http.RetryAfterSources;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.Secret;
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
import io.scephub.core.spi.MdmConnectorProvider;
import io.scephub.core.spi.EnrollmentChecks;
import io.scephub.core.spi.MdmTraits;
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
public final class JamfConnectorProvider extends MdmConnectorProvider {
    static final String ID = "jamf";
    static final String URL = "url";
    static final String CLIENT_ID = "clientId";
    static final String CLIENT_SECRET = "clientSecret";
    static final String CHALLENGE_PASSWORD = "challengePassword";

    public JamfConnectorProvider() {
        // The subject Okta's docs show for Jamf; $UDID keeps it stable per computer.
        super(ID, new MdmTraits("Jamf", "CN=$COMPUTERNAME ODA $UDID", "Jamf Smart Computer Groups", Set.of(ChallengeType.DYNAMIC), true));
    }

    @Override
    public SettingsSchema settingsSchema() {
        return HttpSettings.schema("mdm.jamf", "Jamf Pro API client (Settings > API roles and clients).", List.of(
                SettingDef.required("url", SettingType.URL, "Jamf Pro base URL, e.g. https://example.jamfcloud.com"),
                SettingDef.required("clientId", SettingType.SECRET, "API client id"),
                SettingDef.required("clientSecret", SettingType.SECRET, "API client secret"),
                SettingDef.optional(CHALLENGE_PASSWORD, SettingType.SECRET, "Password of the Okta dynamic-challenge "
                        + "credentials (shown once by Okta; see jamf/README.md); without it the profile is created without one")),
                "Jamf Pro: no request-rate limit published, only at most 5 concurrent connections, "
                        + "which scephub's one-call-at-a-time client keeps");
    }

    @Override
    public List<SettingProblem> validate(ConnectorSettings settings, DesiredState state) {
        // Jamf's "Dynamic-Microsoft CA" type fetches a one-time challenge per device from Okta.
        List<SettingProblem> problems = new ArrayList<>(EnrollmentChecks.supported(state, id(), Set.of(Platform.MACOS),
                Set.of(ChallengeType.DYNAMIC), "Jamf fetches a one-time challenge per device from Okta's challenge URL"));
        long jamfEnrollments = state.enrollments().stream().map(EnrollmentSpec::mdm).filter(ID::equals).count();
        if (settings.has(CHALLENGE_PASSWORD) && jamfEnrollments > 1) {
            // Each Okta SCEP configuration has its own credentials; one password cannot serve two.
            problems.add(new SettingProblem(settings.section() + "." + CHALLENGE_PASSWORD, "serves exactly one jamf enrollment, but "
                    + jamfEnrollments + " enrollments use mdm: jamf; remove it and set each profile's password in Jamf once"));
        }
        HttpUrl url = settings.optionalString(URL).map(HttpUrl::parse).orElse(null);
        if (settings.has(URL) && url == null) {
            problems.add(new SettingProblem(settings.section() + "." + URL, "\"" + settings.string(URL)
                    + "\" is not an http(s) URL; expected e.g. https://example.jamfcloud.com"));
        }
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
        Optional<Secret> password = settings.optionalSecret(CHALLENGE_PASSWORD).map(context::secret);
        password.ifPresent(p -> context.http().redact(p.reveal()));
        JamfPaths paths = new JamfPaths(base);
        HttpPolicy policy = HttpSettings.policy(JAMF_POLICY, settings);
        // The token call authenticates with the form itself, so its client has no auth interceptor.
        OkHttpClient tokenClient = context.http().client(ID, policy, RetryAfterSources.retryAfterHeader(), List.of());
        Interceptor tokens = JamfTokenSource.bearer(tokenClient, paths.token(), clientId, clientSecret, context.clock(),
                context.http()::redact);
        OkHttpClient client = context.http().client(ID, policy, RetryAfterSources.retryAfterHeader(), List.of(tokens));
        // The base URL is the tenant: kept reads of another Jamf instance are never used.
        ReadReuse reuse = context.readReuse(ID, base.toString(), JamfConnector.KEPT_READ_FORMAT);
        return new JamfConnector(new JamfClient(client, paths), password, context.clock(), reuse);
    }
}
