package io.scephub.core.resource;

import java.util.List;

/**
 * What a connector found: the objects it owns, and notices for the plan (e.g. an unmanaged
 * object with a colliding name, which is reported and never touched).
 */
public record ReadResult(List<ActualResource> resources, List<String> notices) {
    public ReadResult {
        resources = List.copyOf(resources);
        notices = List.copyOf(notices);
    }

    public static ReadResult of(List<ActualResource> resources) {
        return new ReadResult(resources, List.of());
    }
}
