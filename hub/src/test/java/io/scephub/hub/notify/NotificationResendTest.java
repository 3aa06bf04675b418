package io.scephub.hub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.config.EnvFileSecrets;
import io.scephub.config.NotificationEvent;
import io.scephub.config.NotificationTarget;
import io.scephub.core.http.Backoff;
import io.scephub.core.model.SecretRef;
import io.scephub.hub.state.StateStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed notification is sent again later (bounded, recorded); one a stopped process left pending is taken over; never twice at once. */
class NotificationResendTest {
    static final String KEY = "hmac-key-canary-71c0";
    static final Instant T0 = Instant.parse("2030-05-01T10:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    StateStore store;
    final MovableClock clock = new MovableClock(T0);
    final List<Duration> waits = new ArrayList<>();
    final DeliveryPolicy twoAttempts = new DeliveryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(5),
            new Backoff(Duration.ofMillis(10), Duration.ofMillis(20)));

    @BeforeEach
    void open() {
        store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir.resolve("data"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aFailedNotificationIsSentAgainWhenItsTimeComesWithTheSameEventIdAndEndsDelivered() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(2, 503)) {
            Notifier notifier = notifier(store.dataSource(), receiver);
            Notice notice = notice();

            assertThat(notifier.send(notice)).containsExactly(Delivery.Status.FAILED);
            Delivery failed = only();
            assertThat(failed.status()).isEqualTo(Delivery.Status.FAILED);
            assertThat(failed.rounds()).isEqualTo(1);
            assertThat(failed.nextAttemptAt()).hasValue(T0.plus(Notifier.RESEND_AFTER.get(0)));
            assertThat(DeliveryJson.of(failed).path("resendAt").asText()).isEqualTo(T0.plus(Duration.ofMinutes(1)).toString());

            clock.set(T0.plusSeconds(59));
            assertThat(notifier.resendDue(10)).as("not due yet").isZero();
            clock.set(T0.plus(Duration.ofMinutes(1)));
            assertThat(notifier.resendDue(10)).isEqualTo(1);

            assertThat(receiver.received()).hasSize(3).extracting(r -> r.headers().get("x-scephub-event-id")).containsOnly(notice.id());
            Delivery delivered = only();
            assertThat(delivered.status()).isEqualTo(Delivery.Status.DELIVERED);
            assertThat(delivered.rounds()).isEqualTo(2);
            assertThat(delivered.attempts()).isEqualTo(3);
            assertThat(delivered.nextAttemptAt()).isEmpty();
            assertThat(notifier.resendDue(10)).isZero();
        }
    }

    @Test
    void resendsAreBoundedEachRoundIsRecordedAndTheLastFailureStaysVisible() {
        try (WebhookReceiver receiver = new WebhookReceiver(1_000, 500)) {
            Notifier notifier = notifier(store.dataSource(), receiver);
            notifier.send(notice());
            for (Duration wait : Notifier.RESEND_AFTER) {
                clock.advance(wait);
                assertThat(notifier.resendDue(10)).isEqualTo(1);
            }
            clock.advance(Duration.ofDays(30));

            assertThat(notifier.resendDue(10)).isZero();
            Delivery row = only();
            assertThat(row.status()).isEqualTo(Delivery.Status.FAILED);
            assertThat(row.rounds()).isEqualTo(Notifier.MAX_ROUNDS).isEqualTo(6);
            assertThat(row.attempts()).isEqualTo(Notifier.MAX_ROUNDS * twoAttempts.maxAttempts());
            assertThat(row.lastError()).hasValue("HTTP 500");
            assertThat(row.nextAttemptAt()).isEmpty();
            assertThat(receiver.received()).hasSize(12);
        }
    }

    @Test
    void aClientErrorIsNotSentAgain() {
        try (WebhookReceiver receiver = new WebhookReceiver(1_000, 400)) {
            Notifier notifier = notifier(store.dataSource(), receiver);
            notifier.send(notice());
            clock.advance(Duration.ofDays(1));

            assertThat(notifier.resendDue(10)).isZero();
            assertThat(only().nextAttemptAt()).isEmpty();
            assertThat(receiver.received()).hasSize(1);
        }
    }

    @Test
    void aNotificationLeftPendingByAStoppedProcessIsSentByTheNextStartOnceItsLeasePassed() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            Notice notice = notice();
            // The process recorded the notice and stopped before sending it.
            new NotificationLog(store.dataSource(), clock).pending(notice, "siem");
            insertPendingFromBeforeResends(store.dataSource(), T0.minus(Duration.ofHours(1)));
            Notifier restarted = notifier(store.dataSource(), receiver);

            clock.set(T0.plus(NotificationLog.LEASE).minusSeconds(1));
            assertThat(restarted.resendDue(10)).as("its sender may still be at it").isZero();
            assertThat(receiver.received()).isEmpty();
            clock.set(T0.plus(NotificationLog.LEASE));
            assertThat(restarted.resendDue(10)).isEqualTo(1);

            assertThat(receiver.received()).singleElement().satisfies(r -> assertThat(r.headers()).containsEntry("x-scephub-event-id",
                    notice.id()));
            List<Delivery> rows = new NotificationLog(store.dataSource(), clock).recent(10, Optional.empty());
            assertThat(rows).filteredOn(d -> d.id().equals(notice.id())).singleElement()
                    .satisfies(d -> assertThat(d.status()).isEqualTo(Delivery.Status.DELIVERED));
            assertThat(rows).filteredOn(d -> d.id().equals("old-pending")).singleElement().satisfies(d -> {
                assertThat(d.status()).as("never lost silently: it says why it cannot be sent").isEqualTo(Delivery.Status.FAILED);
                assertThat(d.lastError()).hasValueSatisfying(e -> assertThat(e).contains("left pending by a process that stopped"));
            });
        }
    }

    @Test
    void onH2AndPostgresADueNotificationIsTakenByOneInstanceOnly() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
             StateStore pg = StateStore.open(Optional.of(postgres.getJdbcUrl("postgres", "postgres")), Optional.of("postgres"),
                     Optional.empty(), Path.of("unused"))) {
            for (DataSource dataSource : List.of(store.dataSource(), pg.dataSource())) {
                clock.set(T0);
                try (WebhookReceiver receiver = new WebhookReceiver(2, 503)) {
                    notifier(dataSource, receiver).send(notice());
                    clock.advance(Notifier.RESEND_AFTER.get(0));
                    NotificationLog a = new NotificationLog(dataSource, clock);
                    NotificationLog b = new NotificationLog(dataSource, clock);
                    NotificationLog.Due due = a.due(10).get(0);
                    assertThat(b.due(10)).containsExactly(due);

                    assertThat(a.claim(due)).isTrue();
                    assertThat(b.claim(due)).as("the other instance lost the race").isFalse();
                    assertThat(a.due(10)).as("held by its sender for the lease").isEmpty();
                }
            }
        }
    }

    @Test
    void aNoticeWithADedupeKeyIsRecordedOncePerKeyWhicheverInstanceSendsIt() {
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            Notifier first = notifier(store.dataSource(), receiver);
            Notifier second = notifier(store.dataSource(), receiver);
            NotificationTarget target = target(receiver);

            assertThat(first.sendOnce(notice(), target, Optional.of("2030-05-01"))).hasValue(Delivery.Status.DELIVERED);
            assertThat(second.sendOnce(notice(), target, Optional.of("2030-05-01"))).isEmpty();
            assertThat(second.sendOnce(notice(), target, Optional.of("2030-05-02"))).hasValue(Delivery.Status.DELIVERED);
            assertThat(receiver.received()).hasSize(2);
        }
    }

    // ----- helpers ------------------------------------------------------------------------------

    private Delivery only() {
        return new NotificationLog(store.dataSource(), clock).recent(10, Optional.empty()).stream().filter(d -> !d.id().equals("old-pending"))
                .reduce((x, y) -> {
                    throw new AssertionError("more than one notification: " + x + ", " + y);
                }).orElseThrow();
    }

    private Notifier notifier(DataSource dataSource, WebhookReceiver receiver) {
        return new Notifier(List.of(target(receiver)), new EnvFileSecrets(Map.of("HOOK_KEY", KEY), dir),
                new NotificationLog(dataSource, clock), new WebhookSender(twoAttempts, waits::add), clock);
    }

    private static NotificationTarget target(WebhookReceiver receiver) {
        return new NotificationTarget("siem", NotificationTarget.Kind.GENERIC, new NotificationTarget.Address.Literal(receiver.url()),
                Optional.of(new SecretRef(SecretRef.Source.ENV, "HOOK_KEY")), EnumSet.allOf(NotificationEvent.class));
    }

    private Notice notice() {
        return Notice.of(NotificationEvent.SYNC_FAILED, clock.instant(), "run-1", "scephub sync failed", "the sync failed",
                JSON.createObjectNode().put("k", "v"));
    }

    /** A pending row as a hub before resends recorded it: no content kept, no lease. */
    private static void insertPendingFromBeforeResends(DataSource dataSource, Instant createdAt) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO notifications (id, target,"
                + " event_type, subject, title, created_at, status, attempts) VALUES ('old-pending', 'siem', 'drift', 'run-0', 'old', ?,"
                + " 'pending', 1)")) {
            ps.setTimestamp(1, Timestamp.from(createdAt));
            ps.executeUpdate();
        }
    }
}
