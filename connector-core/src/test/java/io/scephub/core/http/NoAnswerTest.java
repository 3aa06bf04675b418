package io.scephub.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.scephub.core.testing.MutableClock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class NoAnswerTest {

    @Test
    void aReadThatHangsPastTheCallTimeoutNamesTheSettingAndItsValue() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
        try (ResilientVendorHttp http = new ResilientVendorHttp(clock, new RecordingSleeper(clock));
             ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            // Accepts the connection and never answers: only the call timeout can end the call.
            Thread acceptor = new Thread(() -> {
                try (Socket ignored = silent.accept()) {
                    Thread.sleep(10_000);
                } catch (IOException | InterruptedException e) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            HttpPolicy policy = HttpPolicy.defaults().withMaxAttempts(1)
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(700));
            OkHttpClient client = http.client("okta", policy, RetryAfterSources.retryAfterHeader(), List.of());
            Request request = new Request.Builder().url("http://127.0.0.1:" + silent.getLocalPort() + "/api/v1/groups").build();

            IOException e = catchThrowableOfType(IOException.class, () -> client.newCall(request).execute());

            assertThat(NoAnswer.describe(e))
                    .isEqualTo("no answer: http.callTimeout (700ms) ran out before the vendor answered (retries included);"
                            + " raise http.callTimeout in scephub.yaml if the vendor is that slow")
                    .doesNotContain("InterruptedIOException");
            acceptor.interrupt();
        }
    }

    @Test
    void otherFailuresKeepTheirKindAndDetailUnlessDetailIsWithheld() {
        assertThat(NoAnswer.describe(new SocketTimeoutException("Read timed out")))
                .isEqualTo("no answer: the connection or a read timed out (http.connectTimeout / http.readTimeout)");
        assertThat(NoAnswer.describe(new InterruptedIOException("timeout")))
                .isEqualTo("no answer: http.callTimeout ran out before the vendor answered");
        assertThat(NoAnswer.describe(new IOException("unexpected end of stream")))
                .isEqualTo("no answer (IOException: unexpected end of stream)");
        assertThat(NoAnswer.describe(new IOException("https://user:pw@host/"), false))
                .isEqualTo("no answer (IOException)");
    }
}
