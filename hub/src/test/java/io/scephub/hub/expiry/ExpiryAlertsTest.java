package io.scephub.hub.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.config.EnvFileSecrets;
import io.scephub.config.NotificationEvent;
import io.scephub.config.NotificationTarget;
import io.scephub.core.expiry.CredentialExpiry;
import io.scephub.core.http.Backoff;
import io.scephub.core.model.SecretRef;
import io.scephub.hub.notify.Delivery;
import io.scephub.hub.notify.DeliveryPolicy;
import io.scephub.hub.notify.MovableClock;
import io.scephub.hub.notify.NotificationLog;
import io.scephub.hub.notify.Notifier;
import io.scephub.hub.notify.WebhookReceiver;
import io.scephub.hub.notify.WebhookSender;
import io.scephub.hub.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expiry notices: once per credential, webhook and UTC day across every instance on one store; the next day again. */
class ExpiryAlertsTest {
    static final Instant T0 = Instant.parse("2030-05-01T22:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aCredentialDueIsNotifiedOnceADayWhicheverInstanceOrCommandChecksAndAgainTheNextDay() {
        MovableClock clock = new MovableClock(T0);
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir);
             WebhookReceiver receiver = WebhookReceiver.accepting()) {
            List<CredentialExpiry> credentials = List.of(
                    CredentialExpiry.known("intune.client-secret/1", "client-secret", "Graph", "rotating", T0.plus(Duration.ofDays(9))),
                    CredentialExpiry.known("intune.client-secret/2", "client-secret", "Graph", "fresh", T0.plus(Duration.ofDays(90))));
            ExpiryAlerts serveWatch = alerts(store, receiver, clock);
            ExpiryAlerts otherInstance = alerts(store, receiver, clock);

            assertThat(serveWatch.send(credentials, Duration.ofDays(30))).isEqualTo(1);
            clock.advance(Duration.ofHours(1));
            assertThat(serveWatch.send(credentials, Duration.ofDays(30))).as("the next hourly check").isZero();
            assertThat(otherInstance.send(credentials, Duration.ofDays(30))).as("another instance, the same UTC day").isZero();
            clock.advance(Duration.ofHours(1)); // 00:00 UTC of the next day
            assertThat(otherInstance.send(credentials, Duration.ofDays(30))).isEqualTo(1);
            assertThat(serveWatch.send(credentials, Duration.ofDays(30))).isZero();

            assertThat(receiver.received()).hasSize(2);
            assertThat(new NotificationLog(store.dataSource(), clock).recent(10, Optional.empty())).extracting(Delivery::subject)
                    .containsOnly("intune.client-secret/1");
        }
    }

    private ExpiryAlerts alerts(StateStore store, WebhookReceiver receiver, MovableClock clock) {
        NotificationTarget target = new NotificationTarget("siem", NotificationTarget.Kind.GENERIC,
                new NotificationTarget.Address.Literal(receiver.url()), Optional.of(new SecretRef(SecretRef.Source.ENV, "KEY")),
                EnumSet.allOf(NotificationEvent.class));
        Notifier notifier = new Notifier(List.of(target), new EnvFileSecrets(Map.of("KEY", "k"), dir),
                new NotificationLog(store.dataSource(), clock), new WebhookSender(new DeliveryPolicy(1, Duration.ofSeconds(2),
                Duration.ofSeconds(5), new Backoff(Duration.ofMillis(10), Duration.ofMillis(20))), d -> { }), clock);
        return new ExpiryAlerts(notifier, clock);
    }
}
