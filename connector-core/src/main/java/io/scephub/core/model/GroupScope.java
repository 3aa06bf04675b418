package io.scephub.core.model;

import java.util.List;

/** Groups an enrollment targets, by display name, in the MDM's own group vocabulary. */
public record GroupScope(List<String> include, List<String> exclude) {
    public GroupScope {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    public static GroupScope none() {
        return new GroupScope(List.of(), List.of());
    }
}
