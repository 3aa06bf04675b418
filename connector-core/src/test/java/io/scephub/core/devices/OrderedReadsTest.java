package io.scephub.core.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OrderedReadsTest {

    @Test
    void resultsReachTheSinkInSubmissionOrderWithAtMostParallelReadsAtOnce() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> out = new ArrayList<>();
        try (OrderedReads<Integer, Integer> reads = new OrderedReads<>(3, 8, "test", n -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(ThreadLocalRandom.current().nextInt(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return n * 10;
        }, out::add)) {
            for (int i = 0; i < 200; i++) {
                reads.submit(i);
                assertThat(i + 1 - out.size()).as("read ahead at most the window").isLessThanOrEqualTo(8);
            }
            reads.finish();
        }
        assertThat(out).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(out.get(i)).isEqualTo(i * 10);
        }
        assertThat(most.get()).isBetween(1, 3);
    }

    @Test
    void aFailedReadIsRethrownUnchangedWhenItsTurnComes() {
        IllegalStateException failure = new IllegalStateException("vendor said no");
        List<Integer> out = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (OrderedReads<Integer, Integer> reads = new OrderedReads<>(2, 4, "test", n -> {
                if (n == 5) {
                    throw failure;
                }
                return n;
            }, out::add)) {
                for (int i = 0; i < 20; i++) {
                    reads.submit(i);
                }
                reads.finish();
            }
        }).isSameAs(failure);
        assertThat(out).containsExactly(0, 1, 2, 3, 4);
    }
}
