package io.scephub.core.spi;

import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.SettingProblem;
import io.scephub.core.model.SettingsSchema;
import java.util.List;
import java.util.Optional;

/**
 * Entry point of a connector module, found through {@link java.util.ServiceLoader}. It declares
 * its section of scephub.yaml, validates it offline, and opens a {@link Connector}.
 */
public interface ConnectorProvider {

    /** The connector id, e.g. {@code okta}, {@code intune}; enrollments name MDMs by it. */
    String id();

    /** {@link ConnectorRole#IDENTITY} for Okta, {@link ConnectorRole#MDM} for the MDMs. */
    ConnectorRole role();

    /** The section's settings, with types, defaults and docs; the section path is in the schema. */
    SettingsSchema settingsSchema();

    /**
     * Offline checks beyond the schema that need domain knowledge (e.g. "macOS must use Okta as
     * the CA", "Intune serves only delegated challenges"). Secrets are not resolved here.
     * Paths in the problems are absolute ({@code enrollments[2].challenge}).
     */
    List<SettingProblem> validate(ConnectorSettings settings, DesiredState state);

    /** For an MDM connector, what the configuration says about it (defaults, words); empty for others. */
    default Optional<MdmTraits> mdmTraits() {
        return Optional.empty();
    }

    /**
     * The settings each enrollment may carry in a block named after this connector (e.g. an
     * enrollment's {@code okta:}), typed and documented like the section; empty when there is none.
     * The schema's {@code section} is ignored: the block's path is the enrollment's.
     */
    default Optional<SettingsSchema> enrollmentSettings() {
        return Optional.empty();
    }

    /** Opens a connector; resolves secrets through the context. */
    Connector open(ConnectorSettings settings, ConnectorContext context);
}
