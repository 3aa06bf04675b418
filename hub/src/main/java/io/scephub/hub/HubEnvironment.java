package io.scephub.hub;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What the hub takes from the process: environment variables (for {@code ${env:}} secrets), the
 * working directory, the clock. Tests pass their own instead of touching the real process.
 */
public record HubEnvironment(Map<String, String> env, Path workingDirectory, Clock clock) {
    public HubEnvironment {
        env = Map.copyOf(env);
    }

    public static HubEnvironment system() {
        return new HubEnvironment(System.getenv(), Path.of("").toAbsolutePath(), Clock.systemUTC());
    }

    public Path resolve(Path path) {
        return path.isAbsolute() ? path : workingDirectory.resolve(path).normalize();
    }

    /** Convenience for commands that print. */
    public static PrintWriter writer(java.io.OutputStream out) {
        return new PrintWriter(out, true, java.nio.charset.StandardCharsets.UTF_8);
    }
}
