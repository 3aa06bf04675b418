package io.scephub.core.resource;

import java.util.Map;
import java.util.Set;

/**
 * An object as read from a vendor that carries scephub's ownership marker for {@code key}.
 *
 * @param vendorId the vendor's id of the object (opaque to the core)
 * @param attributes the same attribute names as the desired resource, normalised by the connector
 *                   so that equal means "no change needed"
 * @param outputs values other resources may reference (e.g. {@code scepUrl})
 * @param dependsOn what it depends on, so deletes run dependants first
 */
public record ActualResource(ResourceKey key, String connector, String vendorId, Map<String, Object> attributes,
                             Map<String, Object> outputs, Set<ResourceKey> dependsOn) {
    public ActualResource {
        attributes = Attributes.copy(attributes);
        outputs = Attributes.copy(outputs);
        dependsOn = Set.copyOf(dependsOn);
    }
}
