package io.scephub.core.cert;

import java.util.Objects;

/**
 * One result of a certificate check. {@code code} is stable for scripts; {@code message} says
 * what was found and {@code nextStep} what to do about it (empty when nothing is needed).
 */
public record Finding(Severity severity, String code, String message, String nextStep) {
    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        nextStep = nextStep == null ? "" : nextStep;
    }

    static Finding pass(String code, String message) {
        return new Finding(Severity.PASS, code, message, "");
    }

    static Finding warn(String code, String message, String nextStep) {
        return new Finding(Severity.WARN, code, message, nextStep);
    }

    static Finding fail(String code, String message, String nextStep) {
        return new Finding(Severity.FAIL, code, message, nextStep);
    }
}
