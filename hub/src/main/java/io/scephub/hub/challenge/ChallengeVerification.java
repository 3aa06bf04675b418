package io.scephub.hub.challenge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.scephub.core.challenge.ChallengeAccepted;
import io.scephub.core.challenge.ChallengeBackend;
import io.scephub.core.challenge.ChallengeDecision;
import io.scephub.core.challenge.ChallengeRejected;
import io.scephub.core.challenge.ChallengeTrust;
import io.scephub.core.challenge.ChallengeVerifier;
import io.scephub.config.ScephubConfig;
import io.scephub.hub.state.AuditLog;
import io.scephub.hub.state.JdbcReplayStore;
import io.scephub.hub.state.StateStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's one way to decide a delegated challenge: the core verifier on the shared replay store,
 * with every decision written to the audit log (reason, issuer, SHA-256 of the jti; never the token)
 * and counted in {@code scephub_challenge_decisions_total{decision, reason}}.
 * The CLI and the REST server both go through it.
 */
public final class ChallengeVerification {
    public static final String EVENT_ACCEPTED = "challenge.accepted";
    public static final String EVENT_REJECTED = "challenge.rejected";
    /** Micrometer name of the decision counter; Prometheus shows it as {@code scephub_challenge_decisions_total}. */
    public static final String DECISIONS = "scephub.challenge.decisions";
    /** The {@code reason} label of accepted decisions, so every series carries the same labels. */
    public static final String NO_REASON = "none";
    private static final Logger log = LoggerFactory.getLogger(ChallengeVerification.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * One DRBG per thread for the decisions' run ids. {@code UUID.randomUUID()} draws from the JDK's one shared NativePRNG,
     * behind two locks: with 32 verifying threads on two cores its holder is often preempted and the others queue behind
     * it, for 20 ms and more at a time (JFR monitor waits, docs/BENCHMARKS.md).
     */
    private static final ThreadLocal<SecureRandom> RUN_ID_RANDOM = ThreadLocal.withInitial(ChallengeVerification::drbg);

    private final ChallengeBackend backend;
    private final AuditLog audit;
    private final OtherTenants others;
    private final Counter acceptedCount;
    private final Map<ChallengeRejected.Reason, Counter> rejectedCounts = new EnumMap<>(ChallengeRejected.Reason.class);

    public ChallengeVerification(ChallengeBackend backend, AuditLog audit, MeterRegistry metrics) {
        this(backend, audit, metrics, OtherTenants.NONE);
    }

    private ChallengeVerification(ChallengeBackend backend, AuditLog audit, MeterRegistry metrics, OtherTenants others) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.others = Objects.requireNonNull(others, "others");
        Objects.requireNonNull(metrics, "metrics");
        // Registered up front so every reason is a series from the start: rate() and alerts see 0, not "no data".
        this.acceptedCount = decisionCounter(metrics, "accepted", NO_REASON);
        for (ChallengeRejected.Reason reason : ChallengeRejected.Reason.values()) {
            rejectedCounts.put(reason, decisionCounter(metrics, "rejected", reason.name()));
        }
    }

    private static Counter decisionCounter(MeterRegistry metrics, String decision, String reason) {
        return Counter.builder(DECISIONS)
                .description("Delegated SCEP challenge decisions (CLI and REST) by outcome and rejection reason")
                .tag("decision", decision)
                .tag("reason", reason)
                .register(metrics);
    }

    /**
     * The offline verifier for {@code trust} (no configuration: trust nobody, so well-formed tokens
     * are UNTRUSTED_SIGNER) on the store's replay table and audit log, counting decisions in {@code metrics}.
     */
    public static ChallengeVerification create(Optional<ChallengeTrust> trust, StateStore store, Clock clock,
                                               MeterRegistry metrics) {
        return new ChallengeVerification(verifier(trust, store, clock), new AuditLog(store.dataSource(), clock), metrics);
    }

    /**
     * {@code tenant}'s verifier: its own signers ({@code tenants[].delegatedChallenge}), its audit partition; a token
     * another tenant's signers vouch for is rejected as WRONG_TENANT. A file without tenants: gives the one tenant
     * {@code default}, as {@link #create} does.
     */
    public static ChallengeVerification forTenant(ScephubConfig config, String tenant, StateStore store, Clock clock,
                                                  MeterRegistry metrics) {
        List<ChallengeTrust> others = config.tenants().stream().filter(t -> !t.name().equals(tenant))
                .flatMap(t -> t.delegatedChallenge().stream()).toList();
        return new ChallengeVerification(verifier(config.forTenant(tenant).delegatedChallenge(), store, clock),
                new AuditLog(store.dataSource(), clock, tenant), metrics, OtherTenants.of(others, clock));
    }

    private static ChallengeVerifier verifier(Optional<ChallengeTrust> trust, StateStore store, Clock clock) {
        ChallengeTrust effective = trust.orElseGet(() -> ChallengeTrust.of(List.of()));
        return new ChallengeVerifier(effective, new JdbcReplayStore(store.dataSource(), clock), clock);
    }

    /** The tenant whose audit partition records this verifier's decisions. */
    public String tenant() {
        return audit.tenant();
    }

    /**
     * Verifies and records the decision. {@code caller} says who asked (e.g. {@code cli} or
     * {@code rest:servicenow}). Throws {@link IllegalStateException} when the state store fails:
     * then nothing was decided.
     */
    public ChallengeDecision verify(String token, Optional<byte[]> csr, String caller) {
        ChallengeDecision decision = others.refine(backend.verify(token, csr), token, audit.tenant());
        String runId = runId();
        if (decision instanceof ChallengeAccepted accepted) {
            String jtiSha256 = sha256(accepted.jti());
            audit.append(runId, EVENT_ACCEPTED, accepted.issuer(), "caller=" + caller + " audience=" + accepted.audience()
                    + " subject=" + accepted.subject() + " jti_sha256=" + jtiSha256
                    + " signer=" + accepted.signerFingerprint() + " alg=" + accepted.algorithm().joseName());
            log.info("challenge_verify decision=accepted caller={} issuer={} jti_sha256={}", caller, accepted.issuer(), jtiSha256);
            acceptedCount.increment();
        } else if (decision instanceof ChallengeRejected rejected) {
            Claimed claimed = Claimed.from(token);
            audit.append(runId, EVENT_REJECTED, claimed.issuer().orElse("-"), "caller=" + caller + " reason=" + rejected.reason()
                    + " claimed_jti_sha256=" + claimed.jtiSha256().orElse("-") + " detail=" + rejected.detail());
            log.info("challenge_verify decision=rejected caller={} reason={}", caller, rejected.reason());
            rejectedCounts.get(rejected.reason()).increment();
        }
        return decision;
    }

    /** A random (version 4) UUID from this thread's own generator. */
    static String runId() {
        byte[] bytes = new byte[16];
        RUN_ID_RANDOM.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new UUID(b.getLong(), b.getLong()).toString();
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            // Every JDK since 9 has DRBG; a JDK without it still gets a working (shared) generator.
            return new SecureRandom();
        }
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What a rejected token claims to be, unverified, so the audit trail can still name the issuer
     * an attacker or a misconfigured MDM used. Only short printable values are kept.
     */
    record Claimed(Optional<String> issuer, Optional<String> jtiSha256) {
        static Claimed from(String token) {
            Claimed none = new Claimed(Optional.empty(), Optional.empty());
            if (token == null || token.length() > ChallengeVerifier.MAX_TOKEN_CHARS) {
                return none;
            }
            String[] parts = token.split("\\.", -1);
            if (parts.length != 3) {
                return none;
            }
            try {
                JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
                return new Claimed(printable(claims.path("iss")).map(iss -> "claimed:" + iss),
                        printable(claims.path("jti")).map(ChallengeVerification::sha256));
            } catch (Exception e) {
                // Anything unreadable simply has no claims worth recording.
                return none;
            }
        }

        private static Optional<String> printable(JsonNode node) {
            if (!node.isTextual() || node.asText().isEmpty() || node.asText().length() > 256
                    || !node.asText().chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                return Optional.empty();
            }
            return Optional.of(node.asText());
        }
    }
}
