package io.scephub.hub.sync;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request for one sync: who asked, whether to apply, and which enrollments (empty: all).
 *
 * @param idempotencyKey a repeated request with the same key gets the first run, never a second one
 */
public record SyncRequest(SyncTrigger trigger, String requestedBy, Optional<String> idempotencyKey, boolean dryRun,
                          List<String> enrollments) {
    /** The shape of an enrollment name, the same as a resource key's name (enrollment names are key names). */
    public static final Pattern ENROLLMENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    public SyncRequest {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        enrollments = List.copyOf(enrollments);
        for (int i = 0; i < enrollments.size(); i++) {
            String name = enrollments.get(i);
            if (!ENROLLMENT_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("enrollments[" + i + "]: \"" + printable(name)
                        + "\" is not an enrollment name; expected 1-128 of A-Z a-z 0-9 . _ - starting with a letter or digit");
            }
            if (enrollments.indexOf(name) != i) {
                throw new IllegalArgumentException("enrollments[" + i + "]: \"" + name + "\" is listed twice");
            }
        }
        idempotencyKey.ifPresent(key -> {
            if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
                throw new IllegalArgumentException("Idempotency-Key must be 1-" + MAX_IDEMPOTENCY_KEY_LENGTH
                        + " visible ASCII characters (a UUID is a good choice)");
            }
        });
    }

    private static String printable(String value) {
        String shortened = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return shortened.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
