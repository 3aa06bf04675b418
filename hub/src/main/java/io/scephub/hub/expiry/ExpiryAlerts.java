package io.scephub.hub.expiry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.config.NotificationEvent;
import io.scephub.config.NotificationTarget;
import io.scephub.core.expiry.CredentialExpiry;
import io.scephub.hub.notify.Notice;
import io.scephub.hub.notify.Notifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Sends an {@code expiry} notice for every watched credential that is expired or expires within the
 * warning window, once per credential, target and UTC day across every instance and command on one
 * state store ({@code serve}'s hourly watch, {@code sync}, {@code doctor}): the store's unique
 * (event, target, subject, day) row decides who sends it. A failed one is sent again by the
 * notifications' resend schedule, not by the next check.
 */
public final class ExpiryAlerts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Notifier notifier;
    private final Clock clock;

    public ExpiryAlerts(Notifier notifier, Clock clock) {
        this.notifier = notifier;
        this.clock = clock;
    }

    /** Whether some webhook of {@code config} wants {@code expiry} notices (else no command needs to look for them). */
    public static boolean wanted(io.scephub.config.ScephubConfig config) {
        return config.alerting().notifications().stream().anyMatch(t -> t.wants(NotificationEvent.EXPIRY));
    }

    /**
     * For a command without {@code serve} ({@code doctor}): sends the expiry notices due today for {@code credentials} to
     * {@code config}'s webhooks, recorded in {@code hub}'s state store. Returns how many were sent.
     */
    public static int sendDue(io.scephub.hub.Hub hub, io.scephub.config.ScephubConfig config, List<CredentialExpiry> credentials) {
        try (io.scephub.hub.HubRuntime runtime = hub.runtime(config)) {
            Clock clock = hub.env().clock();
            io.scephub.hub.notify.NotificationLog log = new io.scephub.hub.notify.NotificationLog(runtime.store().dataSource(), clock);
            Notifier notifier = Notifier.of(config, hub.env().env(), log, io.scephub.hub.notify.DeliveryPolicy.DEFAULT, clock);
            return new ExpiryAlerts(notifier, clock).send(credentials, config.alerting().expiryWarning());
        }
    }

    /** Returns how many notices were sent (each target counted); those already recorded today are not. */
    public int send(List<CredentialExpiry> credentials, Duration warnBefore) {
        Instant now = clock.instant();
        Optional<String> today = Optional.of(LocalDate.ofInstant(now, ZoneOffset.UTC).toString());
        int sent = 0;
        for (CredentialExpiry credential : credentials) {
            CredentialExpiry.State state = credential.state(now, warnBefore);
            if (state != CredentialExpiry.State.EXPIRING && state != CredentialExpiry.State.EXPIRED) {
                continue;
            }
            Notice notice = notice(credential, state, now);
            for (NotificationTarget target : notifier.targetsFor(NotificationEvent.EXPIRY)) {
                if (notifier.sendOnce(notice, target, today).isPresent()) {
                    sent++;
                }
            }
        }
        return sent;
    }

    static Notice notice(CredentialExpiry c, CredentialExpiry.State state, Instant now) {
        Instant at = c.expiresAt().orElseThrow();
        long days = (long) Math.floor(c.daysLeft(now).orElseThrow());
        String when = state == CredentialExpiry.State.EXPIRED ? "expired on " + at : "expires on " + at + " (in " + days + " day(s))";
        ObjectNode data = JSON.createObjectNode();
        data.putObject("credential").put("name", c.name()).put("kind", c.kind()).put("source", c.source())
                .put("description", c.description()).put("expiresAt", at.toString()).put("daysLeft", days)
                .put("state", state.value());
        return Notice.of(NotificationEvent.EXPIRY, now, c.name(), "scephub: " + c.kind() + " " + state.value(),
                c.description() + " (" + c.name() + ", " + c.source() + ") " + when + ". Renew it and update the reference scephub reads.",
                data);
    }
}
