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
 * Sends a notice to every target that wants its event: records it (and its content) as pending, resolves
 * the target's URL (and key) at the point of use, builds the target's payload, sends it with retries and
 * records each attempt. A failure of one target never stops the others and never escapes as an exception:
 * it ends as a {@code failed} row, logged with the target's name only, and is sent again later
 * ({@link #RESEND_AFTER}, at most {@link #MAX_ROUNDS} rounds) by {@link #resendDue}.
 */
public final class Notifier {
    /** The id of the event, so a receiver can drop a repeat whatever the signature's timestamp. */
    public static final String EVENT_ID_HEADER = "X-Scephub-Event-Id";
    public static final String EVENT_TYPE_HEADER = "X-Scephub-Event";
    /** Waits before each resend of a failed notification: the 2nd round 1 min after the 1st failed, ... the 6th 6 h after the 5th. */
    public static final List<java.time.Duration> RESEND_AFTER = List.of(java.time.Duration.ofMinutes(1), java.time.Duration.ofMinutes(5),
            java.time.Duration.ofMinutes(30), java.time.Duration.ofHours(2), java.time.Duration.ofHours(6));
    /** Sending rounds at most: the first and one per {@link #RESEND_AFTER} entry. */
    public static final int MAX_ROUNDS = RESEND_AFTER.size() + 1;
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

    /**
     * The notifier of {@code config}'s {@code notifications:}, resolving secret references from {@code env} and files beside
     * scephub.yaml, recording in {@code store}.
     */
    public static Notifier of(io.scephub.config.ScephubConfig config, java.util.Map<String, String> env, NotificationLog store,
                              DeliveryPolicy delivery, Clock clock) {
        return new Notifier(config.alerting().notifications(),
                new io.scephub.config.EnvFileSecrets(env, config.source().toAbsolutePath().getParent()), store,
                new WebhookSender(delivery, io.scephub.core.http.Sleeper.threadSleep()), clock);
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
        return sendOnce(notice, target, Optional.empty()).orElseThrow();
    }

    /**
     * Sends {@code notice} to {@code target} unless, with a {@code dedupeKey}, a notice of the same event, target, subject
     * and key is already recorded (by any instance on this store): then empty, and nothing is sent.
     */
    public Optional<Delivery.Status> sendOnce(Notice notice, NotificationTarget target, Optional<String> dedupeKey) {
        try {
            if (!store.pending(notice, target.name(), dedupeKey)) {
                log.debug("notification_already_recorded event={} target={} subject={} key={}", notice.event().value(), target.name(),
                        notice.subject(), dedupeKey.orElse(""));
                return Optional.empty();
            }
        } catch (RuntimeException e) {
            // Without its row the delivery could be lost unseen: say so loudly and still try to send it.
            log.error("notification_not_recorded id={} target={} event={} error={}", notice.id(), target.name(),
                    notice.event().value(), e.getMessage());
        }
        return Optional.of(deliver(notice, target, 1, 0));
    }

    /**
     * Sends again what is due in the store (failed ones whose resend time has come, pending ones a stopped sender left),
     * each taken by one instance only; returns how many rounds were sent. A row that cannot be sent again (its target
     * is gone from scephub.yaml, its content was not kept, it has had every round) ends failed, saying why.
     */
    public int resendDue(int limit) {
        int sent = 0;
        for (NotificationLog.Due due : store.due(limit)) {
            Optional<NotificationTarget> target = targets.stream().filter(t -> t.name().equals(due.target())).findFirst();
            String reason = due.notice().isEmpty() ? "left pending by a process that stopped, and recorded before notifications were"
                    + " kept for resending: cannot be sent again"
                    : target.isEmpty() ? "not sent again: target " + due.target() + " is no longer in notifications:"
                    : due.rounds() >= MAX_ROUNDS ? "not sent again: " + MAX_ROUNDS + " rounds failed" : null;
            if (reason != null) {
                store.abandon(due.id(), due.target(), reason);
                log.warn("notification_abandoned id={} target={} reason=\"{}\"", due.id(), due.target(), reason);
                continue;
            }
            Notice notice;
            try {
                notice = Notice.fromJson(due.notice().get());
            } catch (IllegalArgumentException e) {
                store.abandon(due.id(), due.target(), e.getMessage());
                continue;
            }
            if (!store.claim(due)) {
                continue; // another instance took it
            }
            log.info("notification_resending id={} target={} event={} round={} left_pending={}", notice.id(), due.target(),
                    notice.event().value(), due.rounds() + 1, due.status() == Delivery.Status.PENDING);
            deliver(notice, target.get(), due.rounds() + 1, due.attempts());
            sent++;
        }
        return sent;
    }

    /** One sending round ({@code round}, after {@code attemptsBefore} attempts of earlier rounds) and, if it fails, the next one's time. */
    private Delivery.Status deliver(Notice notice, NotificationTarget target, int round, int attemptsBefore) {
        Optional<URI> url;
        Optional<byte[]> key;
        try {
            url = Optional.of(address(target));
            key = target.secret().map(ref -> secrets.resolve(ref).reveal().getBytes(StandardCharsets.UTF_8));
        } catch (SecretResolutionError | IllegalArgumentException e) {
            // Both messages name the reference or the rule, never a value (see address()). A missing secret may be provided
            // later (resent); a URL that is not https stays wrong until scephub.yaml changes (not resent).
            String reason = e instanceof SecretResolutionError ? "cannot resolve the target's url or secret: " + e.getMessage()
                    : e.getMessage();
            WebhookSender.Attempt failed = new WebhookSender.Attempt(0, OptionalInt.empty(), Optional.of(reason), false,
                    e instanceof SecretResolutionError);
            update(notice, target, attemptsBefore, Delivery.Status.FAILED, failed);
            log.warn("notification_failed id={} target={} event={} error=\"{}\"", notice.id(), target.name(), notice.event().value(), reason);
            scheduleResend(notice, target, round, failed);
            return Delivery.Status.FAILED;
        }
        byte[] body = WebhookPayloads.body(target.kind(), notice);
        WebhookSender.Attempt last = sender.send(url.get(), body, n -> headers(target, notice, key, body), (attempt, isLast) -> {
            Delivery.Status status = attempt.delivered() ? Delivery.Status.DELIVERED : isLast ? Delivery.Status.FAILED : Delivery.Status.PENDING;
            update(notice, target, attemptsBefore + attempt.number(), status, attempt);
            if (!attempt.delivered()) {
                log.warn("notification_attempt_failed id={} target={} event={} attempt={} error=\"{}\"{}", notice.id(), target.name(),
                        notice.event().value(), attemptsBefore + attempt.number(), attempt.error().orElse(""), isLast ? " final=true" : "");
            }
        });
        if (last.delivered()) {
            log.info("notification_delivered id={} target={} event={} attempts={}", notice.id(), target.name(), notice.event().value(),
                    attemptsBefore + last.number());
            return Delivery.Status.DELIVERED;
        }
        scheduleResend(notice, target, round, last);
        return Delivery.Status.FAILED;
    }

    /** After a failed round: the next round's time while rounds are left and the failure may pass; none otherwise. */
    private void scheduleResend(Notice notice, NotificationTarget target, int round, WebhookSender.Attempt last) {
        Optional<java.time.Instant> at = last.retryable() && round < MAX_ROUNDS
                ? Optional.of(clock.instant().plus(RESEND_AFTER.get(round - 1))) : Optional.empty();
        try {
            store.retryAt(notice.id(), target.name(), at);
        } catch (RuntimeException e) {
            log.error("notification_not_recorded id={} target={} error={}", notice.id(), target.name(), e.getMessage());
            return;
        }
        at.ifPresent(when -> log.info("notification_resend_scheduled id={} target={} event={} round={} at={}", notice.id(), target.name(),
                notice.event().value(), round + 1, when));
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
