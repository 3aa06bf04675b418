package io.scephub.config;

import io.scephub.core.model.CaSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.Platform;
import io.scephub.core.model.SettingDef;
import io.scephub.core.model.SettingProblem;
import io.scephub.core.model.SettingType;
import io.scephub.core.model.SettingsSchema;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.ConnectorContext;
import io.scephub.core.spi.ConnectorProvider;
import io.scephub.core.spi.ConnectorRole;
import io.scephub.core.spi.MdmTraits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/** The four connectors' declared settings and a few of their offline rules, without any vendor code. */
final class FakeProviders {

    private FakeProviders() {
    }

    static List<ConnectorProvider> all() {
        return List.of(okta(), intune(), jamf(), workspaceOne());
    }

    static ConnectorProvider okta() {
        return new Fake("okta", ConnectorRole.IDENTITY, new SettingsSchema("okta", "Okta org and admin API credentials", List.of(
                SettingDef.required("orgUrl", SettingType.URL, "Okta org URL, e.g. https://example.okta.com"),
                SettingDef.withDefault("manage", SettingType.STRING, "api", "api or console").oneOf("api", "console"),
                SettingDef.optional("auth.apiToken", SettingType.SECRET, "SSWS API token (or use auth.oauth)"),
                SettingDef.optional("auth.oauth.clientId", SettingType.STRING, "OAuth service app client id"),
                SettingDef.optional("auth.oauth.privateKey", SettingType.SECRET, "The service app's private key, PEM PKCS#8"),
                SettingDef.optional("auth.oauth.keyId", SettingType.STRING, "kid of the service app's public key"),
                SettingDef.withDefault("auth.oauth.scopes", SettingType.STRING_LIST,
                        List.of("okta.certificateAuthorities.manage"), "OAuth scopes to request"))),
                (settings, state) -> {
                    List<SettingProblem> problems = new ArrayList<>();
                    boolean token = settings.has("auth.apiToken");
                    boolean oauth = settings.has("auth.oauth.clientId") || settings.has("auth.oauth.privateKey");
                    if (token == oauth) {
                        problems.add(new SettingProblem("okta.auth", "give either apiToken or oauth (clientId and privateKey)"));
                    }
                    forEach(state, (i, e) -> {
                        if (e.platform() == Platform.MACOS && e.ca() instanceof CaSpec.CustomCa) {
                            problems.add(new SettingProblem("enrollments[" + i + "].ca", "macOS must use Okta as the CA"));
                        }
                    });
                    return problems;
                }, Optional.empty());
    }

    static ConnectorProvider intune() {
        return new Fake("intune", ConnectorRole.MDM, new SettingsSchema("mdm.intune", "Microsoft Intune through Graph", List.of(
                SettingDef.required("tenantId", SettingType.UUID, "Entra tenant id"),
                SettingDef.required("clientId", SettingType.UUID, "App registration (client) id"),
                SettingDef.required("clientSecret", SettingType.SECRET, "App registration client secret"),
                SettingDef.withDefault("graphBaseUrl", SettingType.URL, "https://graph.microsoft.com/beta", "Graph base URL"),
                SettingDef.withDefault("authorityHost", SettingType.URL, "https://login.microsoftonline.com", "Entra authority"))),
                (settings, state) -> {
                    List<SettingProblem> problems = new ArrayList<>();
                    forEach(state, (i, e) -> {
                        if (e.mdm().equals("intune") && e.challenge() != ChallengeType.DELEGATED) {
                            problems.add(new SettingProblem("enrollments[" + i + "].challenge", "Intune serves only delegated challenges"));
                        }
                    });
                    return problems;
                }, Optional.of(new MdmTraits("Intune", "CN={{DeviceId}}", "Entra groups", Set.of(ChallengeType.DELEGATED), false)));
    }

    static ConnectorProvider jamf() {
        return new Fake("jamf", ConnectorRole.MDM, new SettingsSchema("mdm.jamf", "Jamf Pro", List.of(
                SettingDef.required("url", SettingType.URL, "Jamf Pro URL"),
                SettingDef.required("clientId", SettingType.SECRET, "API client id"),
                SettingDef.required("clientSecret", SettingType.SECRET, "API client secret"),
                SettingDef.optional("webhook.url", SettingType.URL, "where Jamf's SCEPChallenge webhook reaches scephub serve"),
                SettingDef.optional("webhook.username", SettingType.STRING, "HTTP Basic user of the webhook"),
                SettingDef.optional("webhook.password", SettingType.SECRET, "HTTP Basic password of the webhook"))),
                (settings, state) -> {
                    List<SettingProblem> problems = new ArrayList<>();
                    forEach(state, (i, e) -> {
                        if (e.mdm().equals("jamf") && e.platform() != Platform.MACOS) {
                            problems.add(new SettingProblem("enrollments[" + i + "].platform", "Jamf Pro manages only macOS here"));
                        }
                    });
                    return problems;
                }, Optional.of(new MdmTraits("Jamf", "CN=$COMPUTERNAME ODA $UDID", "Jamf Smart Computer Groups",
                        Set.of(ChallengeType.DYNAMIC), true)));
    }

    static ConnectorProvider workspaceOne() {
        return new Fake("workspaceone", ConnectorRole.MDM, new SettingsSchema("mdm.workspaceone", "Omnissa Workspace ONE UEM", List.of(
                SettingDef.required("url", SettingType.URL, "UEM API URL"),
                SettingDef.required("tokenUrl", SettingType.URL, "OAuth token URL of the region"),
                SettingDef.required("clientId", SettingType.SECRET, "OAuth client id"),
                SettingDef.required("clientSecret", SettingType.SECRET, "OAuth client secret"),
                SettingDef.required("apiKey", SettingType.SECRET, "REST API key (aw-tenant-code)"),
                SettingDef.required("organizationGroup", SettingType.STRING, "Organization group id"))),
                (settings, state) -> List.of(), Optional.of(new MdmTraits("Workspace ONE", "CN={DeviceUid}",
                        "Workspace ONE smart groups", Set.of(ChallengeType.STATIC), true)));
    }

    private static void forEach(DesiredState state, IndexedConsumer consumer) {
        for (int i = 0; i < state.enrollments().size(); i++) {
            consumer.accept(i, state.enrollments().get(i));
        }
    }

    private interface IndexedConsumer {
        void accept(int index, EnrollmentSpec enrollment);
    }

    /** A provider with a schema, a rule and the MDM's traits; opening it is not part of what config tests. */
    record Fake(String id, ConnectorRole role, SettingsSchema settingsSchema,
                BiFunction<ConnectorSettings, DesiredState, List<SettingProblem>> rule, Optional<MdmTraits> mdmTraits)
            implements ConnectorProvider {
        @Override
        public List<SettingProblem> validate(ConnectorSettings settings, DesiredState state) {
            return rule.apply(settings, state);
        }

        @Override
        public Connector open(ConnectorSettings settings, ConnectorContext context) {
            throw new UnsupportedOperationException("config tests never open a connector");
        }
    }
}
