package io.scephub.core.spi;

import io.scephub.core.model.DesiredState;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import java.util.List;
import java.util.Optional;

/**
 * An open connection to one vendor: a stateless adapter. The engine expands, reads (passing what
 * it expanded), and then calls create, update and delete with resources whose output references
 * are already resolved. Implementations keep only caches that are right whatever the call order
 * (the {@link io.scephub.core.resource.OwnedIndex}, tokens) and are thread-safe: the applier runs
 * up to {@link #maxParallelism()} calls at once.
 */
public interface Connector extends AutoCloseable {

    String id();

    /** This connector's part of the desired state as resources (may reference other connectors' outputs). */
    List<Resource> desiredResources(DesiredState state);

    /**
     * Every object this connector owns (carries the marker), normalised like the desired attributes,
     * and what the vendor does not accept of {@code request}. Depends on the request alone, never on
     * an earlier {@link #desiredResources} call.
     */
    ReadResult read(ReadRequest request);

    /**
     * Looks up the object carrying the marker for {@code key} right before a create, so a create
     * retried after a timeout or a crash adopts the object instead of making a second one.
     */
    Optional<ActualResource> findOwned(ResourceKey key);

    /** Creates the object (with the ownership marker) and returns it as read back. */
    ActualResource create(Resource desired);

    /** Changes exactly the listed attributes of an owned object and returns it as read back. */
    ActualResource update(Resource desired, ActualResource actual, List<AttributeChange> changes);

    /** Deletes an owned object; deleting one that is already gone succeeds. */
    void delete(ActualResource actual);

    /** How many calls to this vendor may run at once during apply. */
    default int maxParallelism() {
        return 4;
    }

    @Override
    default void close() {
    }
}
