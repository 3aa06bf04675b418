package io.scephub.hub.cli;

import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.SettingDef;
import io.scephub.core.model.SettingProblem;
import io.scephub.core.model.SettingType;
import io.scephub.core.model.SettingsSchema;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.ConnectorContext;
import io.scephub.core.spi.ConnectorProvider;
import io.scephub.core.spi.ConnectorRole;
import java.util.List;

/**
 * A connector provider that notes in {@code opened} each time a command opens it and answers nothing: an identity
 * double ({@code orgUrl}, {@code apiToken}) or an MDM double ({@code secret}) that, like Jamf and Workspace ONE, keeps
 * reads, so the store is asked for at open and opened on first use.
 */
record RecordingProvider(String id, ConnectorRole role, String section, List<String> opened) implements ConnectorProvider {
    @Override
    public SettingsSchema settingsSchema() {
        return role == ConnectorRole.IDENTITY
                ? new SettingsSchema(section, "identity double", List.of(SettingDef.required("orgUrl", SettingType.URL, "org URL"),
                        SettingDef.required("apiToken", SettingType.SECRET, "token")))
                : new SettingsSchema(section, "MDM double", List.of(SettingDef.required("secret", SettingType.SECRET, "a secret")));
    }

    @Override
    public List<SettingProblem> validate(ConnectorSettings settings, DesiredState state) {
        return List.of();
    }

    @Override
    public Connector open(ConnectorSettings settings, ConnectorContext context) {
        opened.add(id);
        if (role == ConnectorRole.MDM) {
            context.readReuse(id, "https://" + id + ".example", 1);
        }
        return VendorDouble.nothing(id);
    }
}
