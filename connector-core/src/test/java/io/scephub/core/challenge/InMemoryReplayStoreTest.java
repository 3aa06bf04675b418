package io.scephub.core.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryReplayStoreTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    final MutableClock clock = new MutableClock(NOW);
    final InMemoryReplayStore store = new InMemoryReplayStore(clock);

    @Test
    void firstUseWinsAndSecondUseIsRefused() {
        assertThat(store.markUsed("iss", "jti-0000000000000001", NOW.plusSeconds(60))).isTrue();
        assertThat(store.markUsed("iss", "jti-0000000000000001", NOW.plusSeconds(60))).isFalse();
    }

    @Test
    void idsAreScopedByIssuer() {
        assertThat(store.markUsed("iss-a", "jti-0000000000000001", NOW.plusSeconds(60))).isTrue();
        assertThat(store.markUsed("iss-b", "jti-0000000000000001", NOW.plusSeconds(60))).isTrue();
    }

    @Test
    void expiredRecordNoLongerBlocksTheId() {
        store.markUsed("iss", "jti-0000000000000001", NOW.plusSeconds(60));
        clock.advance(Duration.ofSeconds(61));
        assertThat(store.markUsed("iss", "jti-0000000000000001", clock.instant().plusSeconds(60))).isTrue();
    }

    @Test
    void purgeRemovesOnlyExpiredRecords() {
        store.markUsed("iss", "jti-0000000000000001", NOW.plusSeconds(10));
        store.markUsed("iss", "jti-0000000000000002", NOW.plusSeconds(100));

        assertThat(store.purgeExpired(NOW.plusSeconds(50))).isEqualTo(1);
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.markUsed("iss", "jti-0000000000000002", NOW.plusSeconds(100))).isFalse();
    }
}
