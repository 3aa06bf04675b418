package io.scephub.core.resource;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The stable identity of a managed object, {@code kind/name}, e.g.
 * {@code intune.scep-profile/windows-intune}. It is what the ownership marker carries.
 */
public record ResourceKey(String kind, String name) implements Comparable<ResourceKey> {
    private static final Pattern KIND = Pattern.compile("[a-z0-9]+(\\.[a-z0-9-]+)+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public ResourceKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("resource kind must look like vendor.kind, got: " + kind);
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("resource name must be 1-128 of [A-Za-z0-9._-], got: " + name);
        }
    }

    /** Parses {@code kind/name}. */
    public static ResourceKey parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("resource key must be kind/name, got: " + text);
        }
        return new ResourceKey(text.substring(0, slash), text.substring(slash + 1));
    }

    @Override
    public int compareTo(ResourceKey o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
