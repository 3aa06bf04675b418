package io.scephub.config;

import io.scephub.core.model.SecretRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The hub's own settings from scephub.yaml: state store, schedule and REST server. */
public record HubSettings(State state, Schedule schedule, Server server) {

    /**
     * Where the hub keeps runs, plans, the audit log and the replay cache. Without a JDBC URL the
     * embedded H2 database lives under {@code dataDir} (resolved against the config file's directory).
     */
    public record State(Optional<String> jdbcUrl, Optional<String> username, Optional<SecretRef> password, Path dataDir) {
    }

    /** When the recurring sync runs: a 6-field cron (second minute hour day-of-month month day-of-week). */
    public record Schedule(String sync) {
        public static final String DEFAULT_SYNC = "0 */15 * * * *";
    }

    /** The REST trigger: where it listens and which bearer tokens it accepts. */
    public record Server(Listen listen, List<ApiToken> tokens) {
        public Server {
            tokens = List.copyOf(tokens);
        }
    }

    /** A host and port to bind; port 0 asks the OS for a free one. */
    public record Listen(String host, int port) {
        public static final Listen DEFAULT = new Listen("127.0.0.1", 8443);

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** A named API client; only the SHA-256 of its bearer token is configured. */
    public record ApiToken(String name, TokenDigest sha256) {
    }

    /** The SHA-256 of a bearer token: written out as hex, or kept behind a secret reference. */
    public sealed interface TokenDigest permits TokenDigest.Hex, TokenDigest.Reference {

        /** 64 lower-case hex characters. */
        record Hex(String value) implements TokenDigest {
        }

        /** Resolved at start-up like any other secret. */
        record Reference(SecretRef ref) implements TokenDigest {
        }
    }
}
