package io.scephub.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelt keys and names: the closest candidate within a few edits. */
final class Suggestions {

    private Suggestions() {
    }

    static Optional<String> closest(String input, Collection<String> candidates) {
        String needle = input.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int allowedAtMost = Math.max(2, needle.length() / 4);
        for (String candidate : candidates) {
            // The distance is at least the length difference; skipping here keeps a huge value from costing length² memory.
            if (Math.abs(candidate.length() - needle.length()) > Math.max(allowedAtMost, candidate.length() / 4)) {
                continue;
            }
            int d = distance(needle, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= allowedAtMost ? Optional.of(best) : Optional.empty();
    }

    /** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("platfrom"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
