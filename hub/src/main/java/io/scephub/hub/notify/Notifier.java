package io.scephub.hub.notify;

import io.scephub.config.NotificationTarget;
import io.scephub.config.SecretResolver;
import io.scephub.core.error.SecretResolutionError;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a notice to every target that wants its event: records it as pending, resolves the target's
 * URL (and key) at the point of use, builds the target's payload, sends it with retries and records
 * each attempt. A failure of one target never stops the others and never escapes as an exception:
 * it ends as a {@code failed} row, logged with the target's name only.
 */
public final class Notifier {
    /** The id of the event, so a receiver can drop a repeat whatever the signature's timestamp. */
    public static final String EVENT_ID_HEADER = "X-Scephub-Event-Id";
    public static final String EVENT_TYPE_HEADER = "X-Scephub-Event";
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final List<NotificationTarget> targets;
    private final SecretResolver secrets;
    private final NotificationLog store;
    private final WebhookSender sender;
    private final Clock clock;

    public Notifier(List<NotificationTarget> targets, SecretResolver secrets, NotificationLog store, WebhookSender sender, Clock clock) {
        this.targets = List.copyOf(targets);
        this.secrets = secrets;
        this.store = store;
        this.sender = sender;
        this.clock = clock;
    }

    /** True when some target wants {@code notice}'s kind of event. */
    public boolean anyTargetFor(io.scephub.config.NotificationEvent event) {
        return targets.stream().anyMatch(t -> t.wants(event));
    }

    /** The targets that want {@code event}. */
    public List<NotificationTarget> targetsFor(io.scephub.config.NotificationEvent event) {
        return targets.stream().filter(t -> t.wants(event)).toList();
    }

    /** Sends {@code notice} to every target that wants it; returns each target's outcome. */
    public List<Delivery.Status> send(Notice notice) {
        List<Delivery.Status> outcomes = new ArrayList<>();
        for (NotificationTarget target : targetsFor(notice.event())) {
            outcomes.add(sendTo(notice, target));
        }
        return outcomes;
    }

    /** Sends {@code notice} to {@code target} alone. */
    public Delivery.Status sendTo(Notice notice, NotificationTarget target) {
        try {
            store.pending(notice, target.name());
        } catch (RuntimeException e) {
            // Without its row the delivery could be lost unseen: say so loudly and still try to send it.
            log.error("notification_not_recorded id={} target={} event={} error={}", notice.id(), target.name(),
                    notice.event().value(), e.getMessage());
        }
        Optional<URI> url;
        Optional<byte[]> key;
        try {
            url = Optional.of(address(target));
            key = target.secret().map(ref -> secrets.resolve(ref).reveal().getBytes(StandardCharsets.UTF_8));
        } catch (SecretResolutionError | IllegalArgumentException e) {
            // Both messages name the reference or the rule, never a value (see address()).
            String reason = e instanceof SecretResolutionError ? "cannot resolve the target's url or secret: " + e.getMessage()
                    : e.getMessage();
            return record(notice, target, new WebhookSender.Attempt(0, OptionalInt.empty(), Optional.of(reason), false, false));
        }
        byte[] body = WebhookPayloads.body(target.kind(), notice);
        WebhookSender.Attempt last = sender.send(url.get(), body, n -> headers(target, notice, key, body), (attempt, isLast) -> {
            Delivery.Status status = attempt.delivered() ? Delivery.Status.DELIVERED : isLast ? Delivery.Status.FAILED : Delivery.Status.PENDING;
            update(notice, target, attempt.number(), status, attempt);
            if (!attempt.delivered()) {
                log.warn("notification_attempt_failed id={} target={} event={} attempt={} error=\"{}\"{}", notice.id(), target.name(),
                        notice.event().value(), attempt.number(), attempt.error().orElse(""), isLast ? " final=true" : "");
            }
        });
        if (last.delivered()) {
            log.info("notification_delivered id={} target={} event={} attempts={}", notice.id(), target.name(), notice.event().value(),
                    last.number());
            return Delivery.Status.DELIVERED;
        }
        return Delivery.Status.FAILED;
    }

    private Delivery.Status record(Notice notice, NotificationTarget target, WebhookSender.Attempt attempt) {
        update(notice, target, attempt.number(), Delivery.Status.FAILED, attempt);
        log.warn("notification_failed id={} target={} event={} error=\"{}\"", notice.id(), target.name(), notice.event().value(),
                attempt.error().orElse(""));
        return Delivery.Status.FAILED;
    }

    private void update(Notice notice, NotificationTarget target, int attempts, Delivery.Status status, WebhookSender.Attempt attempt) {
        try {
            store.attempted(notice.id(), target.name(), attempts, status, attempt.httpStatus(), attempt.error());
        } catch (RuntimeException e) {
            log.error("notification_not_recorded id={} target={} status={} error={}", notice.id(), target.name(), status.value(),
                    e.getMessage());
        }
    }

    private Map<String, String> headers(NotificationTarget target, Notice notice, Optional<byte[]> key, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (target.kind() == NotificationTarget.Kind.GENERIC) {
            headers.put(EVENT_ID_HEADER, notice.id());
            headers.put(EVENT_TYPE_HEADER, notice.event().value());
            headers.put(WebhookSignature.HEADER, WebhookSignature.sign(key.orElseThrow(), clock.instant(), body));
        }
        return headers;
    }

    /** https anywhere; plain http only to this machine (tests, a local relay), as for the SCEP URL checks. */
    private URI address(NotificationTarget target) {
        String text = target.url() instanceof NotificationTarget.Address.Reference reference
                ? secrets.resolve(reference.ref()).reveal() : ((NotificationTarget.Address.Literal) target.url()).url();
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url: is not a URI (value not shown: it may hold a credential)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean local = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]") || host.equals("::1");
        if (!(scheme.equals("https") || (scheme.equals("http") && local)) || host.isEmpty()) {
            throw new IllegalArgumentException("url: is not an https URL (plain http only to 127.0.0.1); value not shown");
        }
        return uri;
    }
}
