package io.scephub.core.resource;

/**
 * An attribute value taken from another resource's output once that resource exists, e.g. the
 * Okta SCEP URL flowing into an Intune SCEP profile. Using one makes {@code source} a dependency.
 *
 * <p>A {@code writeOnce} reference names an output the vendor hands out only once, when the
 * source is created (Okta's dynamic-challenge password). When the source exists but no longer
 * reports it, the attribute is left out: not compared in plans and not sent on updates, so the
 * value the dependant already holds stays.
 */
public record OutputRef(ResourceKey source, String output, boolean writeOnce) {

    public OutputRef(ResourceKey source, String output) {
        this(source, output, false);
    }

    /** A reference to an output that is only known right after the source is created. */
    public static OutputRef writeOnce(ResourceKey source, String output) {
        return new OutputRef(source, output, true);
    }

    @Override
    public String toString() {
        return "${" + source + "." + output + "}";
    }
}
