package io.scephub.core.resource;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line {@code [scephub:<resource key>]} scephub appends to the description of every object it
 * creates. Only objects carrying it are managed; everything else is left alone.
 */
public final class OwnershipMarker {
    private static final Pattern MARKER = Pattern.compile("\\[scephub:([a-z0-9.-]+/[A-Za-z0-9._-]+)\\]\\s*$");

    private OwnershipMarker() {
    }

    public static String of(ResourceKey key) {
        return "[scephub:" + key + "]";
    }

    /** The description with the marker as its last line (replacing any marker already there). */
    public static String append(String description, ResourceKey key) {
        String base = strip(description == null ? "" : description);
        return base.isEmpty() ? of(key) : base + "\n" + of(key);
    }

    /** The key in a description's marker, if it carries one. */
    public static Optional<ResourceKey> find(String description) {
        if (description == null) {
            return Optional.empty();
        }
        Matcher m = MARKER.matcher(description);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ResourceKey.parse(m.group(1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The description without its marker, as a user wrote it. */
    public static String strip(String description) {
        if (description == null) {
            return "";
        }
        return MARKER.matcher(description).replaceAll("").stripTrailing();
    }
}
