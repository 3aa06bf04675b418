package io.scephub.core.resource;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dated line {@code [scephub-<name>:<ISO instant>]} scephub keeps in an object's description, above
 * the ownership marker: the vendor-side record of when scephub last did something to the object
 * (e.g. redistributed a profile), for vendors that report no such time themselves.
 */
public final class DatedMarker {
    /** When scephub created the object. */
    public static final DatedMarker DEPLOYED = new DatedMarker("deployed");
    /** When scephub last pushed the object again to every device in scope. */
    public static final DatedMarker REDISTRIBUTED = new DatedMarker("redistributed");

    private final String name;
    private final Pattern line;

    private DatedMarker(String name) {
        this.name = name;
        this.line = Pattern.compile("\\n?\\[scephub-" + name + ":([^\\]\\s]+)\\]");
    }

    /** The recorded time, if the description carries a readable line (the last one when there are several). */
    public Optional<Instant> find(String description) {
        if (description == null) {
            return Optional.empty();
        }
        Matcher m = line.matcher(description);
        Optional<Instant> last = Optional.empty();
        while (m.find()) {
            try {
                last = Optional.of(Instant.parse(m.group(1)));
            } catch (DateTimeParseException e) {
                // A hand-edited, unreadable line counts as no record: the worst case is one extra redistribution.
            }
        }
        return last;
    }

    /** The description without this line (other lines, including the ownership marker, stay). */
    public String strip(String description) {
        return description == null ? "" : line.matcher(description).replaceAll("");
    }

    /** The description (without the ownership marker) with this line for {@code at} as its last line. */
    public String with(String description, Instant at) {
        String base = strip(description).stripTrailing();
        String text = "[scephub-" + name + ":" + at + "]";
        return base.isEmpty() ? text : base + "\n" + text;
    }
}
