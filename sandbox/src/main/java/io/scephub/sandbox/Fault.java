package io.scephub.sandbox;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What the sandbox does instead of (or on top of) a normal answer when a fault rule fires. */
public sealed interface Fault permits Fault.Status, Fault.ConnectionReset, Fault.ResetAfterProcessing, Fault.Delay,
        Fault.ForeignAnswer, Fault.LostAnswer {

    /** An error answer with this HTTP status in the vendor's own error body; state is not changed. */
    static Status status(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("fault status must be 4xx or 5xx, got " + status);
        }
        return new Status(status, Optional.empty());
    }

    /** The connection is reset before any answer; state is not changed. */
    static ConnectionReset connectionReset() {
        return new ConnectionReset();
    }

    /**
     * The vendor acts on the request (state changes), then the connection is reset before the
     * answer: the client cannot know whether its create or update happened.
     */
    static ResetAfterProcessing resetAfterProcessing() {
        return new ResetAfterProcessing();
    }

    /**
     * A read timeout: the normal answer (state changes) served after {@code delay}; pick a delay past
     * the client's read timeout so the client gives up first.
     */
    static Delay timeout(Duration delay) {
        return delay(delay);
    }

    /** The normal answer, served after {@code delay}: state does change, as a slow vendor's would. */
    static Delay delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("fault delay must not be negative, got " + delay);
        }
        return new Delay(delay);
    }

    /**
     * A create the vendor acts on (state changes), answered as a success that names another, existing
     * object without scephub's marker (one made in the console): its id, or its body where the vendor
     * answers with the object. Fires only on creates ({@link Faults#nextCreates}).
     */
    static ForeignAnswer foreignAnswer() {
        return new ForeignAnswer(true);
    }

    /** Like {@link #foreignAnswer()}, but nothing is created: only the answer names the existing object. */
    static ForeignAnswer foreignAnswerWithoutCreating() {
        return new ForeignAnswer(false);
    }

    /** An error answer; {@code retryAfter} is sent verbatim as the Retry-After header. */
    record Status(int status, Optional<String> retryAfter) implements Fault {
        public Status {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        /** The same fault with a Retry-After header, e.g. "2" or "2.128". */
        public Status retryAfter(String value) {
            return new Status(status, Optional.of(value));
        }

        /**
         * The vendor acts on the request (state changes), then answers with this error instead of its
         * result, as a gateway that lost the answer does: the client cannot know its write happened.
         */
        public LostAnswer afterProcessing() {
            return new LostAnswer(this);
        }
    }

    /** The request is handled, then answered with {@code answer}'s error instead of the result. */
    record LostAnswer(Status answer) implements Fault {
    }

    /** A reset connection (WireMock's CONNECTION_RESET_BY_PEER). */
    record ConnectionReset() implements Fault {
    }

    /** The request is handled, then the connection is reset (WireMock's CONNECTION_RESET_BY_PEER). */
    record ResetAfterProcessing() implements Fault {
    }

    /** A create answered with an existing foreign object; {@code created}: whether the create happened. */
    record ForeignAnswer(boolean created) implements Fault {
    }

    /** A late but otherwise normal answer. */
    record Delay(Duration delay) implements Fault {
    }
}
