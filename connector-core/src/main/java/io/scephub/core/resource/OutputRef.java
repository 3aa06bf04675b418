package io.scephub.core.resource;

/**
 * An attribute value taken from another resource's output once that resource exists, e.g. the
 * Okta SCEP URL flowing into an Intune SCEP profile. Using one makes {@code source} a dependency.
 *
 * <p>A {@code writeOnce} reference names an output the vendor hands out only once, when the
 * source is created (Okta's dynamic-challenge password). When the source exists but no longer
 * reports it, the attribute is left out: not compared in plans and not sent on updates, so the
 * value the dependant already holds stays.
 *
 * <p>When the dependant's vendor holds no value at all (it was never delivered, e.g. the first apply
 * failed between creating the source and the dependant), its connector reports the attribute as
 * {@link #LOST}. The planner then has the source issue a new value (an update of the source whose
 * change path is the output's name; its connector must support that) and hands it to the
 * dependant in the same apply. A dependant created while its source already exists gets a new
 * value the same way. One source output should serve one dependant: issuing anew invalidates the old value.
 */
public record OutputRef(ResourceKey source, String output, boolean writeOnce) {

    /** A dependant's actual value of a write-once attribute its vendor holds no value for. */
    public static final String LOST = "(no value: shown once by its source)";

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
