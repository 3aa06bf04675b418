package io.scephub.core.spi;

import java.util.Objects;
import java.util.Optional;

/** The provider of an MDM connector: its id and what the configuration must know about it, declared once. */
public abstract class MdmConnectorProvider implements ConnectorProvider {
    private final String id;
    private final MdmTraits traits;

    protected MdmConnectorProvider(String id, MdmTraits traits) {
        this.id = Objects.requireNonNull(id, "id");
        this.traits = Objects.requireNonNull(traits, "traits");
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final ConnectorRole role() {
        return ConnectorRole.MDM;
    }

    @Override
    public final Optional<MdmTraits> mdmTraits() {
        return Optional.of(traits);
    }
}
