package io.scephub.intune;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line {@code [scephub-redistributed:<ISO instant>]} scephub keeps in a SCEP profile's description,
 * just above the ownership marker: the vendor-side record of the last redistribution. Writing it is
 * a PATCH, which Intune treats as a new profile version; reading it makes redistribution idempotent.
 */
final class RedistributionMarker {
    private static final Pattern LINE = Pattern.compile("\\n?\\[scephub-redistributed:([^\\]\\s]+)\\]");

    private RedistributionMarker() {
    }

    /** The recorded time, if the description carries a readable marker. */
    static Optional<Instant> find(String description) {
        if (description == null) {
            return Optional.empty();
        }
        Matcher m = LINE.matcher(description);
        Optional<Instant> last = Optional.empty();
        while (m.find()) {
            try {
                last = Optional.of(Instant.parse(m.group(1)));
            } catch (DateTimeParseException e) {
                // A hand-edited, unreadable marker counts as no record: the worst case is one extra redistribution.
            }
        }
        return last;
    }

    /** The description without any redistribution marker (the ownership marker, if any, stays). */
    static String strip(String description) {
        return description == null ? "" : LINE.matcher(description).replaceAll("");
    }

    /** The human description with the marker for {@code at} as its last line. */
    static String with(String humanDescription, Instant at) {
        String base = strip(humanDescription).stripTrailing();
        String line = "[scephub-redistributed:" + at + "]";
        return base.isEmpty() ? line : base + "\n" + line;
    }
}
