package io.scephub.workspaceone;

import io.scephub.core.error.ConnectorUnavailable;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.Platform;
import io.scephub.core.model.SettingDef;
import io.scephub.core.model.SettingProblem;
import io.scephub.core.model.SettingType;
import io.scephub.core.model.SettingsSchema;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.ConnectorContext;
import io.scephub.core.spi.ConnectorProvider;
import io.scephub.core.spi.ConnectorRole;
import io.scephub.core.spi.EnrollmentChecks;
import java.util.List;
import java.util.Set;

/**
 * Workspace ONE UEM: credential profiles with a static SCEP secret, assigned to smart groups.
 * This release declares and validates the settings; reconciling Workspace ONE is not implemented yet.
 */
public final class WorkspaceOneConnectorProvider implements ConnectorProvider {

    @Override
    public String id() {
        return "workspaceone";
    }

    @Override
    public ConnectorRole role() {
        return ConnectorRole.MDM;
    }

    @Override
    public SettingsSchema settingsSchema() {
        return new SettingsSchema("mdm.workspaceone", "Workspace ONE UEM REST API (OAuth client credentials + tenant code).", List.of(
                SettingDef.required("url", SettingType.URL, "UEM API base URL, e.g. https://as1234.awmdm.com"),
                SettingDef.withDefault("tokenUrl", SettingType.URL, "https://na.uemauth.workspaceone.com/connect/token",
                        "OAuth token URL of your region (na., emea., apac., uat.) or https://<host>/connect/token on premises"),
                SettingDef.required("clientId", SettingType.SECRET, "OAuth client id"),
                SettingDef.required("clientSecret", SettingType.SECRET, "OAuth client secret"),
                SettingDef.required("apiKey", SettingType.SECRET, "REST API key, sent as aw-tenant-code"),
                SettingDef.required("organizationGroup", SettingType.STRING, "Organization group id (GroupId) the profiles live in")));
    }

    @Override
    public List<SettingProblem> validate(ConnectorSettings settings, DesiredState state) {
        // The generic SCEP authority in UEM carries one static challenge; Intune-style delegation does not exist there.
        return EnrollmentChecks.supported(state, id(), Set.of(Platform.WINDOWS, Platform.MACOS), Set.of(ChallengeType.STATIC),
                "Workspace ONE's SCEP certificate authority is configured with Okta's static challenge");
    }

    @Override
    public Connector open(ConnectorSettings settings, ConnectorContext context) {
        throw new ConnectorUnavailable(id(), "reconciling Workspace ONE UEM is not implemented in this release; "
                + "validate accepts the section, but plan and apply cannot include enrollments with mdm: workspaceone yet");
    }
}
