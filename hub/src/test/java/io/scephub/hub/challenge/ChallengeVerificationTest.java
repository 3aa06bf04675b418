package io.scephub.hub.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.scephub.core.challenge.ChallengeRejected;
import io.scephub.hub.state.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChallengeVerificationTest {
    static final Instant NOW = Instant.now();

    @TempDir
    Path dir;

    ChallengeFixtures signer;
    StateStore store;
    MeterRegistry metrics;
    ChallengeVerification verification;

    @BeforeEach
    void open() throws Exception {
        signer = new ChallengeFixtures();
        store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir);
        metrics = new SimpleMeterRegistry();
        verification = ChallengeVerification.create(Optional.of(signer.trust()), store, Clock.fixed(NOW, ZoneOffset.UTC), metrics);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private double count(String decision, String reason) {
        Counter counter = metrics.find(ChallengeVerification.DECISIONS).tag("decision", decision).tag("reason", reason).counter();
        assertThat(counter).as("counter decision=%s reason=%s", decision, reason).isNotNull();
        return counter.count();
    }

    @Test
    void eachDecisionIsCountedOnceUnderItsOutcomeAndReason() throws Exception {
        String token = signer.token(NOW);

        verification.verify(token, Optional.empty(), "cli");
        verification.verify(token, Optional.empty(), "rest:ci");
        verification.verify("a.b", Optional.empty(), "cli");
        verification.verify("x.y.z", Optional.empty(), "cli");
        verification.verify(signer.token(NOW.minusSeconds(3600)), Optional.empty(), "cli");

        assertThat(count("accepted", ChallengeVerification.NO_REASON)).isEqualTo(1);
        assertThat(count("rejected", "REPLAYED")).isEqualTo(1);
        assertThat(count("rejected", "MALFORMED")).isEqualTo(2);
        assertThat(count("rejected", "EXPIRED")).isEqualTo(1);
        assertThat(count("rejected", "BAD_SIGNATURE")).isZero();
    }

    @Test
    void everyReasonIsASeriesBeforeItFirstHappens() {
        for (ChallengeRejected.Reason reason : ChallengeRejected.Reason.values()) {
            assertThat(count("rejected", reason.name())).isZero();
        }
        assertThat(count("accepted", ChallengeVerification.NO_REASON)).isZero();
        assertThat(metrics.find(ChallengeVerification.DECISIONS).counters())
                .hasSize(ChallengeRejected.Reason.values().length + 1);
    }

    @Test
    void noTagCarriesAnythingFromTheTokenOrTheCaller() throws Exception {
        String canary = "canary-91be77-do-not-export";
        String accepted = signer.token(NOW, canary + "-jti");
        verification.verify(accepted, Optional.empty(), "rest:" + canary);
        verification.verify(ChallengeFixtures.unsignedTokenClaiming(canary), Optional.empty(), "rest:" + canary);

        assertThat(count("accepted", ChallengeVerification.NO_REASON)).isEqualTo(1);
        for (Meter meter : metrics.getMeters()) {
            assertThat(meter.getId().getTags()).extracting(Tag::getValue).noneMatch(value -> value.contains(canary));
            assertThat(meter.getId().getName()).doesNotContain(canary);
        }
    }

    @Test
    void runIdsAreDistinctVersion4UuidsFromEveryThread() throws Exception {
        java.util.Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 1_000; i++) {
                    ids.add(ChallengeVerification.runId());
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(ids).hasSize(4_000);
        assertThat(ids).allSatisfy(id -> {
            java.util.UUID uuid = java.util.UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(id);
        });
    }
}
