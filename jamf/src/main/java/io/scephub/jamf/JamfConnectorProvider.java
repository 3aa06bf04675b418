package io.scephub.jamf;

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
 * Jamf Pro: macOS configuration profiles with a dynamic SCEP payload, scoped to Smart Groups.
 * This release declares and validates the settings; reconciling Jamf is not implemented yet.
 */
public final class JamfConnectorProvider implements ConnectorProvider {

    @Override
    public String id() {
        return "jamf";
    }

    @Override
    public ConnectorRole role() {
        return ConnectorRole.MDM;
    }

    @Override
    public SettingsSchema settingsSchema() {
        return new SettingsSchema("mdm.jamf", "Jamf Pro API client (Settings > API roles and clients).", List.of(
                SettingDef.required("url", SettingType.URL, "Jamf Pro base URL, e.g. https://example.jamfcloud.com"),
                SettingDef.required("clientId", SettingType.SECRET, "API client id"),
                SettingDef.required("clientSecret", SettingType.SECRET, "API client secret")));
    }

    @Override
    public List<SettingProblem> validate(ConnectorSettings settings, DesiredState state) {
        // Jamf's "Dynamic-Microsoft CA" type fetches a one-time challenge per device from Okta.
        return EnrollmentChecks.supported(state, id(), Set.of(Platform.MACOS), Set.of(ChallengeType.DYNAMIC),
                "Jamf fetches a one-time challenge per device from Okta's challenge URL");
    }

    @Override
    public Connector open(ConnectorSettings settings, ConnectorContext context) {
        throw new ConnectorUnavailable(id(), "reconciling Jamf Pro is not implemented in this release; "
                + "validate accepts the section, but plan and apply cannot include enrollments with mdm: jamf yet");
    }
}
