package io.scephub.hub.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    static final byte[] KEY = "whsec-canary-7f3e".getBytes(StandardCharsets.UTF_8);
    static final byte[] BODY = "{\"id\":\"e1\",\"type\":\"drift\"}".getBytes(StandardCharsets.UTF_8);
    static final Instant SENT = Instant.parse("2026-12-06T17:00:00Z");

    @Test
    void aSignatureIsTheHmacOfTimestampDotBodyInTheDocumentedFormat() {
        String header = WebhookSignature.sign(KEY, SENT, BODY);

        // Computed independently (Python's hmac over '1796576400.' + body with the same key).
        assertThat(header).isEqualTo("t=1796576400,v1=2ec6a2374177e2da7e6809dfe1682aaa404f774e21c678ba4abcf56a3356dbde");
        assertThatCode(() -> WebhookSignature.verify(KEY, header, BODY, SENT.plusSeconds(299), WebhookSignature.TOLERANCE))
                .doesNotThrowAnyException();
    }

    @Test
    void aWrongKeyOrAChangedBodyIsRefused() {
        String header = WebhookSignature.sign(KEY, SENT, BODY);

        assertThatThrownBy(() -> WebhookSignature.verify("other-key".getBytes(StandardCharsets.UTF_8), header, BODY, SENT,
                WebhookSignature.TOLERANCE)).isInstanceOf(WebhookSignature.Refused.class).hasMessageContaining("does not match");
        byte[] tampered = "{\"id\":\"e1\",\"type\":\"expiry\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> WebhookSignature.verify(KEY, header, tampered, SENT, WebhookSignature.TOLERANCE))
                .isInstanceOf(WebhookSignature.Refused.class).hasMessageContaining("does not match");
    }

    @Test
    void aTimestampOutsideTheToleranceIsRefusedEvenWithAValidSignature() {
        String header = WebhookSignature.sign(KEY, SENT, BODY);

        assertThatThrownBy(() -> WebhookSignature.verify(KEY, header, BODY, SENT.plus(Duration.ofMinutes(5)).plusSeconds(1),
                WebhookSignature.TOLERANCE)).isInstanceOf(WebhookSignature.Refused.class).hasMessageContaining("stale timestamp");
        assertThatThrownBy(() -> WebhookSignature.verify(KEY, header, BODY, SENT.minus(Duration.ofMinutes(6)),
                WebhookSignature.TOLERANCE)).isInstanceOf(WebhookSignature.Refused.class).hasMessageContaining("stale timestamp");
    }

    @Test
    void aMissingOrMalformedHeaderIsRefused() {
        for (String header : new String[] {null, "", "t=1796576400", "v1=abc,t=1796576400", "t=x,v1=" + "0".repeat(64)}) {
            assertThatThrownBy(() -> WebhookSignature.verify(KEY, header, BODY, SENT, WebhookSignature.TOLERANCE))
                    .as(String.valueOf(header)).isInstanceOf(WebhookSignature.Refused.class).hasMessageContaining("malformed");
        }
    }

    @Test
    void aSignatureWithAnotherTimestampIsRefused() {
        String header = WebhookSignature.sign(KEY, SENT, BODY);
        String moved = header.replace("t=1796576400", "t=1796576401");

        assertThatThrownBy(() -> WebhookSignature.verify(KEY, moved, BODY, SENT, WebhookSignature.TOLERANCE))
                .isInstanceOf(WebhookSignature.Refused.class).hasMessageContaining("does not match");
    }
}
