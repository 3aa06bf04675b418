package io.scephub.core.resource;

/**
 * An attribute value taken from another resource's output once that resource exists, e.g. the
 * Okta SCEP URL flowing into an Intune SCEP profile. Using one makes {@code source} a dependency.
 */
public record OutputRef(ResourceKey source, String output) {
    @Override
    public String toString() {
        return "${" + source + "." + output + "}";
    }
}
