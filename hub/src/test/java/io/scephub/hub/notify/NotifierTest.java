package io.scephub.hub.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.config.EnvFileSecrets;
import io.scephub.config.NotificationEvent;
import io.scephub.config.NotificationTarget;
import io.scephub.core.http.Backoff;
import io.scephub.core.model.SecretRef;
import io.scephub.hub.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifierTest {
    static final String KEY = "hmac-key-canary-5d1b";
    static final String SLACK_PATH_CANARY = "T000-canary-slack-9c2e";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    StateStore store;
    NotificationLog log;
    final List<Duration> waits = new ArrayList<>();
    final DeliveryPolicy policy = new DeliveryPolicy(4, Duration.ofSeconds(2), Duration.ofSeconds(5),
            new Backoff(Duration.ofMillis(100), Duration.ofMillis(400)));

    @BeforeEach
    void open() {
        store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir.resolve("data"));
        log = new NotificationLog(store.dataSource(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheNoticeOnTheThirdAttemptSignedAndItIsRecordedDelivered() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(2, 503)) {
            Notifier notifier = notifier(Map.of("HOOK_URL", receiver.url(), "HOOK_KEY", KEY), generic());
            Notice notice = notice(NotificationEvent.DRIFT);

            assertThat(notifier.send(notice)).containsExactly(Delivery.Status.DELIVERED);

            assertThat(receiver.received()).hasSize(3);
            // Exponential: the second wait's ceiling is twice the first's; both within the policy's bounds.
            assertThat(waits).hasSize(2).allSatisfy(w -> assertThat(w).isBetween(Duration.ofMillis(100), Duration.ofMillis(400)));
            WebhookReceiver.Received last = receiver.received().get(2);
            assertThatCode(() -> WebhookSignature.verify(KEY.getBytes(StandardCharsets.UTF_8), last.headers().get("x-scephub-signature"),
                    last.body(), Instant.now(), WebhookSignature.TOLERANCE)).doesNotThrowAnyException();
            assertThat(last.headers()).containsEntry("x-scephub-event-id", notice.id()).containsEntry("x-scephub-event", "drift");
            JsonNode body = JSON.readTree(last.body());
            assertThat(body.path("id").asText()).isEqualTo(notice.id());
            assertThat(body.path("type").asText()).isEqualTo("drift");
            Delivery row = log.recent(10, Optional.empty()).get(0);
            assertThat(row.status()).isEqualTo(Delivery.Status.DELIVERED);
            assertThat(row.attempts()).isEqualTo(3);
            assertThat(row.lastHttpStatus()).hasValue(200);
            assertThat(row.target()).isEqualTo("siem");
            assertThat(new String(last.body(), StandardCharsets.UTF_8)).doesNotContain(KEY);
        }
    }

    @Test
    void aReceiverThatNeverAcceptsEndsFailedAfterTheBoundedAttemptsAndTheFailureIsRecorded() {
        try (WebhookReceiver receiver = new WebhookReceiver(100, 500)) {
            Notifier notifier = notifier(Map.of("HOOK_URL", receiver.url(), "HOOK_KEY", KEY), generic());

            assertThat(notifier.send(notice(NotificationEvent.SYNC_FAILED))).containsExactly(Delivery.Status.FAILED);

            assertThat(receiver.received()).hasSize(4);
            assertThat(waits).hasSize(3);
            Delivery row = log.recent(10, Optional.of(Delivery.Status.FAILED)).get(0);
            assertThat(row.attempts()).isEqualTo(4);
            assertThat(row.lastHttpStatus()).hasValue(500);
            assertThat(row.lastError()).hasValue("HTTP 500");
            assertThat(row.finishedAt()).isPresent();
        }
    }

    @Test
    void aClientErrorIsNotRetriedAndAnUnreachableOrUnresolvableTargetIsRecordedFailedWithoutItsUrl() {
        try (WebhookReceiver receiver = new WebhookReceiver(100, 400)) {
            Notifier notifier = notifier(Map.of("HOOK_URL", receiver.url(), "HOOK_KEY", KEY), generic());
            assertThat(notifier.send(notice(NotificationEvent.DRIFT))).containsExactly(Delivery.Status.FAILED);
            assertThat(receiver.received()).hasSize(1);
        }
        String slackUrl = "https://127.0.0.1:1/services/" + SLACK_PATH_CANARY;
        NotificationTarget slack = new NotificationTarget("ops-slack", NotificationTarget.Kind.SLACK,
                new NotificationTarget.Address.Reference(new SecretRef(SecretRef.Source.ENV, "SLACK_URL")), Optional.empty(),
                EnumSet.allOf(NotificationEvent.class));
        NotificationTarget unset = new NotificationTarget("unset", NotificationTarget.Kind.TEAMS,
                new NotificationTarget.Address.Reference(new SecretRef(SecretRef.Source.ENV, "NOT_SET")), Optional.empty(),
                EnumSet.allOf(NotificationEvent.class));
        Notifier notifier = notifier(Map.of("SLACK_URL", slackUrl), slack, unset);

        assertThat(notifier.send(notice(NotificationEvent.EXPIRY))).containsExactly(Delivery.Status.FAILED, Delivery.Status.FAILED);

        List<Delivery> rows = log.recent(10, Optional.of(Delivery.Status.FAILED));
        assertThat(rows).extracting(Delivery::target).contains("ops-slack", "unset");
        assertThat(rows).filteredOn(d -> d.target().equals("unset")).singleElement()
                .satisfies(d -> assertThat(d.lastError()).hasValueSatisfying(e -> assertThat(e).contains("${env:NOT_SET}")));
        assertThat(rows.toString()).doesNotContain(SLACK_PATH_CANARY);
    }

    @Test
    void onlyTargetsThatWantTheEventAreSent() {
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            NotificationTarget driftOnly = new NotificationTarget("drift-only", NotificationTarget.Kind.GENERIC,
                    new NotificationTarget.Address.Literal(receiver.url()), Optional.of(new SecretRef(SecretRef.Source.ENV, "HOOK_KEY")),
                    EnumSet.of(NotificationEvent.DRIFT));
            Notifier notifier = notifier(Map.of("HOOK_KEY", KEY), driftOnly);

            assertThat(notifier.send(notice(NotificationEvent.EXPIRY))).isEmpty();
            assertThat(receiver.received()).isEmpty();
        }
    }

    private NotificationTarget generic() {
        return new NotificationTarget("siem", NotificationTarget.Kind.GENERIC,
                new NotificationTarget.Address.Reference(new SecretRef(SecretRef.Source.ENV, "HOOK_URL")),
                Optional.of(new SecretRef(SecretRef.Source.ENV, "HOOK_KEY")), EnumSet.allOf(NotificationEvent.class));
    }

    private Notifier notifier(Map<String, String> env, NotificationTarget... targets) {
        return new Notifier(List.of(targets), new EnvFileSecrets(env, dir), log, new WebhookSender(policy, waits::add), Clock.systemUTC());
    }

    private static Notice notice(NotificationEvent event) {
        return Notice.of(event, Instant.now(), "run-1", "scephub test", "something happened", JSON.createObjectNode().put("k", "v"));
    }
}
