package io.scephub.core.check;

import java.util.List;
import java.util.Objects;

/**
 * One online check and its outcome, as {@code validate --online} and {@code doctor} print it.
 *
 * @param subject what was checked: an enrollment name, or a device
 * @param name a short stable name for scripts, e.g. {@code okta.scep-configuration.active}
 * @param status the outcome
 * @param message what was found, in words
 * @param nextStep what to do about it; empty when nothing is needed
 */
public record CheckResult(String subject, String name, Status status, String message, String nextStep) {

    /** How a check ended; {@link #worst(List)} orders them FAIL over WARN over PASS over SKIPPED. */
    public enum Status {
        PASS, WARN, FAIL, SKIPPED;

        /** The more serious of the two. */
        public Status worst(Status other) {
            return rank(this) >= rank(other) ? this : other;
        }

        private static int rank(Status status) {
            return switch (status) {
                case SKIPPED -> 0;
                case PASS -> 1;
                case WARN -> 2;
                case FAIL -> 3;
            };
        }
    }

    public CheckResult {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        nextStep = nextStep == null ? "" : nextStep;
    }

    public static CheckResult pass(String subject, String name, String message) {
        return new CheckResult(subject, name, Status.PASS, message, "");
    }

    public static CheckResult warn(String subject, String name, String message, String nextStep) {
        return new CheckResult(subject, name, Status.WARN, message, nextStep);
    }

    public static CheckResult fail(String subject, String name, String message, String nextStep) {
        return new CheckResult(subject, name, Status.FAIL, message, nextStep);
    }

    public static CheckResult skipped(String subject, String name, String message) {
        return new CheckResult(subject, name, Status.SKIPPED, message, "");
    }

    public boolean failed() {
        return status == Status.FAIL;
    }

    /** The most serious status among {@code results}; SKIPPED when there are none. */
    public static Status worst(List<CheckResult> results) {
        Status worst = Status.SKIPPED;
        for (CheckResult result : results) {
            worst = worst.worst(result.status());
        }
        return worst;
    }
}
