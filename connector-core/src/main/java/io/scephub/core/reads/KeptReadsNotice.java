package io.scephub.core.reads;

import java.time.Duration;

/** The one plan notice a connector gives when it took objects from kept reads, the same wording for every vendor. */
public final class KeptReadsNotice {
    private KeptReadsNotice() {
    }

    /**
     * E.g. {@code Jamf: 250 of 253 profiles taken from reads kept within the last 10m (the Classic API lists
     * only names); 'scephub plan --refresh' reads them all}.
     */
    public static String of(String vendor, int kept, int listed, Duration window, String whyNotListed) {
        return vendor + ": " + kept + " of " + listed + " profiles taken from reads kept within the last " + human(window)
                + " (" + whyNotListed + "); 'scephub plan --refresh' reads them all";
    }

    /** A window as people write it: 10m, 1h30m, 45s, 500ms. */
    public static String human(Duration window) {
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            return window.toMillis() + "ms";
        }
        StringBuilder out = new StringBuilder();
        if (window.toHours() > 0) {
            out.append(window.toHours()).append('h');
        }
        if (window.toMinutesPart() > 0) {
            out.append(window.toMinutesPart()).append('m');
        }
        if (window.toSecondsPart() > 0) {
            out.append(window.toSecondsPart()).append('s');
        }
        return out.toString();
    }
}
