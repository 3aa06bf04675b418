package io.scephub.jamf;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dated line {@code [scephub-<name>:<ISO instant>]} scephub keeps in a Jamf profile's description,
 * above the ownership marker. Jamf's Classic API reports no modification or deployment time for a
 * profile, so scephub records its own: {@link #DEPLOYED} when it creates the profile and
 * {@link #REDISTRIBUTED} when it pushes it again to every computer in scope. The same idea as
 * Intune's redistribution marker, kept here because the Jamf connector needs a second line.
 */
final class JamfDescriptionMarker {
    static final JamfDescriptionMarker DEPLOYED = new JamfDescriptionMarker("deployed");
    static final JamfDescriptionMarker REDISTRIBUTED = new JamfDescriptionMarker("redistributed");

    private final String name;
    private final Pattern line;

    private JamfDescriptionMarker(String name) {
        this.name = name;
        this.line = Pattern.compile("\\n?\\[scephub-" + name + ":([^\\]\\s]+)\\]");
    }

    /** The recorded time, if the description carries a readable line. */
    Optional<Instant> find(String description) {
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
    String strip(String description) {
        return description == null ? "" : line.matcher(description).replaceAll("");
    }

    /** The description (without the ownership marker) with this line for {@code at} as its last line. */
    String with(String description, Instant at) {
        String base = strip(description).stripTrailing();
        String text = "[scephub-" + name + ":" + at + "]";
        return base.isEmpty() ? text : base + "\n" + text;
    }
}
