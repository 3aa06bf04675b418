package io.scephub.core.resource;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Which of several objects carrying one marker scephub keeps managing, the same for every vendor:
 * the one the state store recorded for the key, else the oldest by the creation time the vendor
 * lists, else (a vendor that lists none, or a tie) the smallest id, numerically when ids are numbers.
 * Never the listing order, which vendors do not promise (the sandbox's Okta lists by random id).
 */
public final class KeepRule {
    /** The rule in a few words, for notices. */
    public static final String SUMMARY = "the object scephub's state store knows, else the oldest";
    private static final Pattern NUMBER = Pattern.compile("\\d{1,200}");

    private KeepRule() {
    }

    /** Orders objects so that the one kept comes first. */
    public static <C> Comparator<C> order(Optional<String> knownId, Function<C, String> id, Function<C, Optional<Instant>> created) {
        Comparator<C> known = Comparator.comparing(c -> knownId.map(k -> !k.equals(id.apply(c))).orElse(false));
        Comparator<C> oldest = Comparator.comparing(c -> created.apply(c).orElse(Instant.MAX));
        return known.thenComparing(oldest).thenComparing(id, KeepRule::compareIds);
    }

    /** Numeric ids by value (Jamf's and Workspace ONE's are integers, so "9" comes before "10"), others as text. */
    static int compareIds(String a, String b) {
        boolean numberA = NUMBER.matcher(a).matches();
        boolean numberB = NUMBER.matcher(b).matches();
        if (numberA && numberB) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
        if (numberA != numberB) {
            return numberA ? -1 : 1;
        }
        return a.compareTo(b);
    }
}
