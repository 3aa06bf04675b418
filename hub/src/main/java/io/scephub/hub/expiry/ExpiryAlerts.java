package io.scephub.hub.expiry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.config.NotificationEvent;
import io.scephub.config.NotificationTarget;
import io.scephub.core.expiry.CredentialExpiry;
import io.scephub.hub.notify.NotificationLog;
import io.scephub.hub.notify.Notice;
import io.scephub.hub.notify.Notifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Sends an {@code expiry} notice for every watched credential that is expired or expires within the
 * warning window, at most once a day per credential and target (a delivered one is not repeated
 * within 24 h; a failed one is tried again at the next check).
 */
public final class ExpiryAlerts {
    static final Duration REPEAT_AFTER = Duration.ofDays(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Notifier notifier;
    private final NotificationLog log;
    private final Clock clock;

    public ExpiryAlerts(Notifier notifier, NotificationLog log, Clock clock) {
        this.notifier = notifier;
        this.log = log;
        this.clock = clock;
    }

    /** Returns how many notices were sent (each target counted). */
    public int send(List<CredentialExpiry> credentials, Duration warnBefore) {
        Instant now = clock.instant();
        int sent = 0;
        for (CredentialExpiry credential : credentials) {
            CredentialExpiry.State state = credential.state(now, warnBefore);
            if (state != CredentialExpiry.State.EXPIRING && state != CredentialExpiry.State.EXPIRED) {
                continue;
            }
            Notice notice = notice(credential, state, now);
            for (NotificationTarget target : notifier.targetsFor(NotificationEvent.EXPIRY)) {
                boolean recent = log.lastDelivered(NotificationEvent.EXPIRY.value(), credential.name(), target.name())
                        .filter(at -> at.isAfter(now.minus(REPEAT_AFTER))).isPresent();
                if (!recent) {
                    notifier.sendTo(notice, target);
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
