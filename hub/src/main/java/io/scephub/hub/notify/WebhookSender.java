package io.scephub.hub.notify;

import io.scephub.core.http.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * POSTs a body to a webhook with timeouts and bounded retries: network errors, 408, 429 and 5xx
 * are retried after the policy's backoff; any other answer ends the delivery. Redirects are not
 * followed (a webhook URL that redirects is a misconfiguration, and following it could send the
 * body elsewhere). Errors name the exception or status only, never the URL.
 */
public final class WebhookSender {
    private final HttpClient http;
    private final DeliveryPolicy policy;
    private final Sleeper sleeper;

    public WebhookSender(DeliveryPolicy policy, Sleeper sleeper) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.http = HttpClient.newBuilder().connectTimeout(policy.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** One attempt's outcome. */
    public record Attempt(int number, OptionalInt httpStatus, Optional<String> error, boolean delivered, boolean retryable) {
    }

    /** Listens to each attempt (the notifier records it). */
    @FunctionalInterface
    public interface AttemptListener {
        void attempted(Attempt attempt, boolean last);
    }

    /**
     * Sends until delivered or out of attempts; {@code headers} is asked afresh for each attempt
     * (a generic target is signed with the attempt's own timestamp). Returns the last attempt.
     */
    public Attempt send(URI url, byte[] body, IntFunction<Map<String, String>> headers, AttemptListener listener) {
        Attempt attempt = null;
        for (int n = 1; n <= policy.maxAttempts(); n++) {
            attempt = once(n, url, body, headers.apply(n));
            boolean last = attempt.delivered() || !attempt.retryable() || n == policy.maxAttempts();
            listener.attempted(attempt, last);
            if (last) {
                return attempt;
            }
            try {
                sleeper.sleep(policy.backoff().after(n, ThreadLocalRandom.current()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Attempt stopped = new Attempt(n, attempt.httpStatus(), Optional.of("stopped while waiting to retry"), false, false);
                listener.attempted(stopped, true);
                return stopped;
            }
        }
        return attempt;
    }

    private Attempt once(int n, URI url, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(policy.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "scephub-webhook")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            boolean ok = status >= 200 && status < 300;
            boolean retryable = status == 408 || status == 429 || status >= 500;
            return new Attempt(n, OptionalInt.of(status), ok ? Optional.empty() : Optional.of("HTTP " + status), ok, retryable);
        } catch (IOException e) {
            return new Attempt(n, OptionalInt.empty(), Optional.of("no answer (" + e.getClass().getSimpleName() + ")"), false, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(n, OptionalInt.empty(), Optional.of("interrupted"), false, false);
        }
    }
}
