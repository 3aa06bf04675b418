package io.scephub.config;

import io.scephub.core.model.SecretRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The hub's own settings from scephub.yaml: state store, schedule and REST server. */
public record HubSettings(State state, Schedule schedule, Server server) {

    /**
     * Where the hub keeps runs, plans, the audit log, the replay cache and kept reads. Without a JDBC URL
     * the embedded H2 database lives under {@code dataDir} (resolved against the config file's directory).
     *
     * @param reuseReadsFor how long an object read (or written) by scephub may be taken from the state
     *                      store instead of being read again; zero reads every object on every plan
     * @param parallelSyncs how many tenants' syncs (or plans, applies) run at once against this store, when set;
     *                      else {@link #syncsAtOnce()}'s default for the kind of store
     */
    public record State(Optional<String> jdbcUrl, Optional<String> username, Optional<SecretRef> password, Path dataDir,
                        Duration reuseReadsFor, Optional<Integer> parallelSyncs) {
        /**
         * Shorter than the default 15-minute sync schedule, so the reads one scheduled sync keeps have
         * expired by the next and the schedule keeps correcting drift, while a plan or apply right after
         * an apply reuses what that apply just wrote and read.
         */
        public static final Duration DEFAULT_REUSE_READS_FOR = Duration.ofMinutes(10);
        /** Beyond a day a change made outside scephub would stay unseen for too long. */
        public static final Duration MAX_REUSE_READS_FOR = Duration.ofHours(24);

        /** The most tenants syncing at once that {@code parallelSyncs} may ask for. */
        public static final int MAX_PARALLEL_SYNCS = 256;
        /**
         * The embedded H2 store's default: its connections are sessions inside this process, so every tenant of a
         * 100-tenant file can wait on its own vendors' rate limits at once instead of queueing behind 16 that wait.
         */
        public static final int DEFAULT_PARALLEL_SYNCS_EMBEDDED = 128;
        /**
         * PostgreSQL's default: each running sync holds a database connection for its lock and uses one more, and
         * several instances share the server (PostgreSQL's own default {@code max_connections} is 100).
         */
        public static final int DEFAULT_PARALLEL_SYNCS_SHARED = 16;

        public State {
            if (reuseReadsFor.isNegative() || reuseReadsFor.compareTo(MAX_REUSE_READS_FOR) > 0) {
                throw new IllegalArgumentException("reuseReadsFor must be 0 to 24h: " + reuseReadsFor);
            }
            if (parallelSyncs.isPresent() && (parallelSyncs.get() < 1 || parallelSyncs.get() > MAX_PARALLEL_SYNCS)) {
                throw new IllegalArgumentException("parallelSyncs must be 1 to " + MAX_PARALLEL_SYNCS + ": " + parallelSyncs.get());
            }
        }

        /** The same store with the default window and parallelism (the tests' and the old constructor's shape). */
        public State(Optional<String> jdbcUrl, Optional<String> username, Optional<SecretRef> password, Path dataDir,
                     Duration reuseReadsFor) {
            this(jdbcUrl, username, password, dataDir, reuseReadsFor, Optional.empty());
        }

        /** The embedded database under {@code dataDir}, reads kept for the default window. */
        public static State embedded(Path dataDir) {
            return new State(Optional.empty(), Optional.empty(), Optional.empty(), dataDir, DEFAULT_REUSE_READS_FOR);
        }

        /** How many tenants sync at once: {@code parallelSyncs}, else the default for this kind of store. */
        public int syncsAtOnce() {
            return parallelSyncs.orElse(defaultSyncsAtOnce(jdbcUrl));
        }

        /** The default for a store at {@code jdbcUrl} (none: the embedded H2 file). */
        public static int defaultSyncsAtOnce(Optional<String> jdbcUrl) {
            return jdbcUrl.isEmpty() || jdbcUrl.get().startsWith("jdbc:h2:") ? DEFAULT_PARALLEL_SYNCS_EMBEDDED
                    : DEFAULT_PARALLEL_SYNCS_SHARED;
        }
    }

    /** When the recurring sync runs: a 6-field cron (second minute hour day-of-month month day-of-week). */
    public record Schedule(String sync) {
        public static final String DEFAULT_SYNC = "0 */15 * * * *";
    }

    /** The REST trigger: where it listens, which bearer tokens it accepts, and the console's sign-in (empty: no console). */
    public record Server(Listen listen, List<ApiToken> tokens, Optional<Console> console) {
        public Server {
            tokens = List.copyOf(tokens);
        }

        /** Without a console. */
        public Server(Listen listen, List<ApiToken> tokens) {
            this(listen, tokens, Optional.empty());
        }
    }

    /**
     * The operator console's OpenID Connect sign-in (an Okta OIDC web app): who issues the ID tokens,
     * the app's client id and secret, where Okta sends the browser back, and which groups (from the
     * ID token's {@code groupsClaim}) may view and which may also queue syncs.
     *
     * @param trustForwardedProto take {@code X-Forwarded-Proto: https} from the TLS proxy as the request's
     *                            scheme (for Secure cookies); off, only the connection itself counts
     */
    public record Console(String issuer, String clientId, SecretRef clientSecret, String redirectUri, String groupsClaim,
                          List<String> viewers, List<String> operators, boolean trustForwardedProto,
                          java.util.Map<String, TenantGroups> tenants) {
        /** The path Okta redirects the browser to after sign-in; {@code redirectUri} must end in it. */
        public static final String CALLBACK_PATH = "/auth/callback";
        /** Okta's claim name when a groups claim is added to the app (a filter such as "Starts with scephub"). */
        public static final String DEFAULT_GROUPS_CLAIM = "groups";

        public Console {
            viewers = List.copyOf(viewers);
            operators = List.copyOf(operators);
            tenants = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tenants));
        }

        /** Groups on every tenant only (no {@code tenants:} section). */
        public Console(String issuer, String clientId, SecretRef clientSecret, String redirectUri, String groupsClaim,
                       List<String> viewers, List<String> operators, boolean trustForwardedProto) {
            this(issuer, clientId, clientSecret, redirectUri, groupsClaim, viewers, operators, trustForwardedProto, java.util.Map.of());
        }
    }

    /** The Okta groups that may view, or also operate, one tenant's console pages ({@code server.console.tenants.NAME}). */
    public record TenantGroups(List<String> viewers, List<String> operators) {
        public TenantGroups {
            viewers = List.copyOf(viewers);
            operators = List.copyOf(operators);
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

    /**
     * A named API client; only the SHA-256 of its bearer token is configured.
     *
     * @param tenants the tenants it may act on; empty: every tenant
     */
    public record ApiToken(String name, TokenDigest sha256, List<String> tenants) {
        public ApiToken {
            tenants = List.copyOf(tenants);
        }

        /** A token for every tenant. */
        public ApiToken(String name, TokenDigest sha256) {
            this(name, sha256, List.of());
        }

        /** Whether this token may act on {@code tenant}. */
        public boolean allows(String tenant) {
            return tenants.isEmpty() || tenants.contains(tenant);
        }
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
