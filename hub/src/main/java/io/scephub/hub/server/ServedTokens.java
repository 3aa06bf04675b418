package io.scephub.hub.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.scephub.config.EnvFileSecrets;
import io.scephub.config.HubSettings;
import io.scephub.config.SecretResolver;
import io.scephub.core.error.ScephubException;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API tokens {@code serve} accepts, read again at each reload tick: when {@code server.tokens} changed or a value
 * behind one of its references changed (a rotated {@code ${file:...}} while scephub.yaml stayed as it was, noticed by
 * {@link SecretValues}), the whole new set replaces the old one in {@link HubServer} at once. A set that does not resolve
 * (a file missing, unreadable or not a SHA-256) leaves the old set served, is logged once with the field and reference,
 * never a value, and shows as {@value #RELOAD_FAILED} = 1 until a set loads.
 */
public final class ServedTokens {
    /** 1 while the last reload of {@code server.tokens} failed and the previous set is still served, else 0. */
    public static final String RELOAD_FAILED = "scephub.server.tokens.reload.failed";
    private static final Logger log = LoggerFactory.getLogger(ServedTokens.class);

    private final SecretResolver secrets;
    private final String file;
    private final SecretValues values = SecretValues.withRandomKey();
    private final AtomicInteger failed = new AtomicInteger();
    /** What the served set was read from; null until {@link #first}. */
    private Read served;
    /** The error last logged, so a failure that repeats at every tick is logged once. */
    private String lastError;

    /** {@code server.tokens} as configured and the keyed digest of the values their references resolved to. */
    private record Read(List<HubSettings.ApiToken> tokens, SecretValues.Digest secrets) {
        boolean same(Read other) {
            return other != null && tokens.equals(other.tokens) && secrets.sameAs(other.secrets);
        }
    }

    /**
     * Resolves references with {@code secrets}; {@code file} (scephub.yaml's name) is what the log lines name.
     * Registers {@value #RELOAD_FAILED} in {@code metrics}.
     */
    public ServedTokens(SecretResolver secrets, String file, MeterRegistry metrics) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.file = Objects.requireNonNull(file, "file");
        Gauge.builder(RELOAD_FAILED, failed, AtomicInteger::get)
                .description("1 while the last reload of server.tokens failed and the previous tokens are still accepted")
                .strongReference(true).register(metrics);
    }

    /** The set to start serving with; throws when {@code tokens} do not resolve (serve does not start). */
    public synchronized ApiTokens first(List<HubSettings.ApiToken> tokens) {
        SecretResolver once = readingOnce();
        ApiTokens set = ApiTokens.resolve(tokens, once);
        served = read(tokens, once);
        return set;
    }

    /**
     * Serves {@code tokens} in {@code server} as their references resolve now, unless that is what is served already.
     * Returns whether the set was replaced; false also when it does not resolve (the previous set stays, the failure
     * is logged and shows in {@value #RELOAD_FAILED}).
     */
    public synchronized boolean refresh(List<HubSettings.ApiToken> tokens, HubServer server) {
        SecretResolver once = readingOnce();
        Read now;
        ApiTokens next;
        try {
            // Resolved first, so an error names the field (server.tokens[1].sha256) and the digest reads nothing again.
            next = ApiTokens.resolve(tokens, once);
            now = read(tokens, once);
        } catch (RuntimeException e) {
            failed.set(1);
            // A scephub error names field and reference; anything else is named by its type only, as it may quote a value.
            String error = e instanceof ScephubException ? e.getMessage() : e.getClass().getSimpleName();
            if (!error.equals(lastError)) {
                log.warn("server_tokens_not_reloaded file={} error=\"{}\" (the previous tokens stay)", file, error);
                lastError = error;
            }
            return false;
        }
        if (now.same(served)) {
            recovered();
            return false;
        }
        server.replaceTokens(next);
        served = now;
        recovered();
        return true;
    }

    private Read read(List<HubSettings.ApiToken> tokens, SecretResolver once) {
        return new Read(List.copyOf(tokens), values.of(EnvFileSecrets.references(tokens), once));
    }

    /** Reads each reference once, so the digest kept and the set served come from the same value. */
    private SecretResolver readingOnce() {
        Map<SecretRef, Secret> read = new HashMap<>();
        return ref -> read.computeIfAbsent(ref, secrets::resolve);
    }

    private void recovered() {
        failed.set(0);
        lastError = null;
    }
}
