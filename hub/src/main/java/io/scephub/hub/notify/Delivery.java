package io.scephub.hub.notify;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One notice to one target, as the store keeps it.
 *
 * @param lastError     why the last attempt failed, secret-free (never the URL)
 * @param rounds        sending rounds so far (the first, then each resend)
 * @param nextAttemptAt a failed one: when it is sent again (empty: never); a pending one: when another sender may take it over
 */
public record Delivery(String id, String target, String event, String subject, String title, Instant createdAt, Status status,
                       int attempts, OptionalInt lastHttpStatus, Optional<String> lastError, Optional<Instant> finishedAt, int rounds,
                       Optional<Instant> nextAttemptAt) {

    /** A delivery of one round with no resend due. */
    public Delivery(String id, String target, String event, String subject, String title, Instant createdAt, Status status, int attempts,
                    OptionalInt lastHttpStatus, Optional<String> lastError, Optional<Instant> finishedAt) {
        this(id, target, event, subject, title, createdAt, status, attempts, lastHttpStatus, lastError, finishedAt, 1, Optional.empty());
    }

    /** Where a delivery stands; stored lower-case. */
    public enum Status {
        /** Being sent (or the process stopped while sending: it stays visible as pending). */
        PENDING,
        /** The target answered 2xx. */
        DELIVERED,
        /** Every attempt of the last round failed, or the target could not be addressed (see {@code nextAttemptAt} for a resend). */
        FAILED;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status of(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
