package io.scephub.core.http;

import io.scephub.core.model.Secret;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The one OAuth client-credentials token cache: fetches from a vendor's {@link TokenEndpoint}, keeps the
 * token until shortly before it expires, registers each token for log redaction, and forgets one a
 * vendor rejected.
 */
public final class ClientCredentialsTokens {
    private final OkHttpClient tokenClient;
    private final TokenEndpoint endpoint;
    private final Duration earlyRenewal;
    private final Clock clock;
    private final Consumer<String> redactor;
    private Secret cached;
    private Instant renewAt = Instant.MIN;

    /**
     * @param tokenClient a client without a bearer interceptor (the token request authenticates itself)
     * @param earlyRenewal renew this long before expiry (at most half the lifetime), so a token never runs
     *                     out in the middle of a call
     * @param redactor registers each new access token with the HTTP layer's log redaction
     */
    public ClientCredentialsTokens(OkHttpClient tokenClient, TokenEndpoint endpoint, Duration earlyRenewal, Clock clock,
                                   Consumer<String> redactor) {
        this.tokenClient = tokenClient;
        this.endpoint = endpoint;
        this.earlyRenewal = earlyRenewal;
        this.clock = clock;
        this.redactor = redactor;
    }

    /** A token valid for a while longer: the cached one, or a new one when it is about to expire. */
    public synchronized Secret token() {
        Instant requestedAt = clock.instant();
        if (cached != null && requestedAt.isBefore(renewAt)) {
            return cached;
        }
        try (Response response = tokenClient.newCall(endpoint.request()).execute()) {
            ResponseBody body = response.body();
            IssuedToken issued = endpoint.answer(response, body == null ? "" : body.string());
            redactor.accept(issued.value().reveal());
            Duration lifetime = issued.lifetime();
            Duration margin = lifetime.dividedBy(2).compareTo(earlyRenewal) < 0 ? lifetime.dividedBy(2) : earlyRenewal;
            cached = issued.value();
            renewAt = requestedAt.plus(lifetime).minus(margin);
            return cached;
        } catch (IOException e) {
            throw endpoint.noAnswer(e);
        }
    }

    /** Forgets {@code rejected} so the next {@link #token()} fetches a new one (unless another thread already did). */
    public synchronized void invalidate(Secret rejected) {
        if (rejected.equals(cached)) {
            cached = null;
        }
    }
}
