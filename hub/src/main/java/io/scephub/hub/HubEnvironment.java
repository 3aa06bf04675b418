package io.scephub.hub;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What the hub takes from the process: environment variables (for {@code ${env:}} secrets), the
 * working directory, the clock. Tests pass their own instead of touching the real process.
 *
 * <p>Testing aid: when {@value #NOW_VARIABLE} holds an ISO instant (e.g. {@code 2027-10-01T00:00:00Z}),
 * the clock starts there and keeps ticking, so renewal plans can be tried at a future date.
 */
public record HubEnvironment(Map<String, String> env, Path workingDirectory, Clock clock, Terminal terminal) {
    /** The environment variable that moves the hub's clock (a testing aid, not for production). */
    public static final String NOW_VARIABLE = "SCEPHUB_NOW";

    public HubEnvironment {
        env = Map.copyOf(env);
        java.util.Objects.requireNonNull(terminal, "terminal");
        String now = env.get(NOW_VARIABLE);
        if (now != null && !now.isBlank()) {
            try {
                clock = Clock.offset(clock, java.time.Duration.between(clock.instant(), java.time.Instant.parse(now.strip())));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(NOW_VARIABLE + ": \"" + now + "\" is not an ISO-8601 instant such as 2027-10-01T00:00:00Z");
            }
        }
    }

    /** Without a terminal, as in scripts, services and tests. */
    public HubEnvironment(Map<String, String> env, Path workingDirectory, Clock clock) {
        this(env, workingDirectory, clock, Terminal.none());
    }

    public static HubEnvironment system() {
        return new HubEnvironment(System.getenv(), Path.of("").toAbsolutePath(), Clock.systemUTC(), Terminal.system());
    }

    public Path resolve(Path path) {
        return path.isAbsolute() ? path : workingDirectory.resolve(path).normalize();
    }

    /** Convenience for commands that print. */
    public static PrintWriter writer(java.io.OutputStream out) {
        return new PrintWriter(out, true, java.nio.charset.StandardCharsets.UTF_8);
    }
}
