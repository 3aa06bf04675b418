package io.scephub.hub;

import java.io.Console;
import java.util.Optional;

/** The operator's terminal, when the process has one: {@code apply} asks it for confirmation. */
public interface Terminal {
    /** Whether a person can be asked (stdin and stdout are a terminal). */
    boolean interactive();

    /** Shows {@code prompt} and reads one line; empty at the end of input. */
    Optional<String> readLine(String prompt);

    /** No terminal: scripts, CI, services and tests. */
    static Terminal none() {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public Optional<String> readLine(String prompt) {
                return Optional.empty();
            }
        };
    }

    /** The process's console, or {@link #none()} when stdin or stdout is redirected. */
    static Terminal system() {
        Console console = System.console();
        if (console == null) {
            return none();
        }
        return new Terminal() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public Optional<String> readLine(String prompt) {
                return Optional.ofNullable(console.readLine("%s", prompt));
            }
        };
    }
}
