package io.scephub.hub;

import io.scephub.core.model.DesiredState;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.ReadRequest;
import java.util.List;
import java.util.Optional;

/** A test connector that wants and owns nothing; a subclass names its id and adds the capability a test is about. */
public abstract class NothingConnector implements Connector {
    @Override
    public List<Resource> desiredResources(DesiredState state) {
        return List.of();
    }

    @Override
    public ReadResult read(ReadRequest request) {
        return ReadResult.of(List.of());
    }

    @Override
    public Optional<ActualResource> findOwned(ResourceKey key) {
        return Optional.empty();
    }

    @Override
    public ActualResource create(Resource desired) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ActualResource update(Resource desired, ActualResource actual, List<AttributeChange> changes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void delete(ActualResource actual) {
        throw new UnsupportedOperationException();
    }
}
