package io.scephub.hub.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a generic webhook: {@code X-Scephub-Signature: t=<unix seconds>,v1=<hex>} where
 * hex is HMAC-SHA256 with the target's secret over {@code t + "." + body}. {@link #verify} is the
 * receiver's check as docs/NOTIFICATIONS.md documents it (also used by the tests).
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Scephub-Signature";
    /** A signed request older or newer than this is refused: a captured request cannot be replayed later. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final Pattern FORMAT = Pattern.compile("t=([0-9]{1,12}),v1=([0-9a-f]{64})");

    private WebhookSignature() {
    }

    /** The header value for {@code body} sent at {@code time}. */
    public static String sign(byte[] key, Instant time, byte[] body) {
        long t = time.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac(key, t, body));
    }

    /** Why a request was refused. */
    public static final class Refused extends Exception {
        private Refused(String message) {
            super(message);
        }
    }

    /**
     * Accepts {@code body} only if {@code header} is a well-formed signature over it with {@code key},
     * made within {@code tolerance} of {@code now}; throws {@link Refused} saying why otherwise.
     * A receiver also keeps the event ids it accepted for the tolerance window and drops repeats.
     */
    public static void verify(byte[] key, String header, byte[] body, Instant now, Duration tolerance) throws Refused {
        Matcher m = header == null ? null : FORMAT.matcher(header.trim());
        if (m == null || !m.matches()) {
            throw new Refused("malformed " + HEADER + "; expected t=<unix seconds>,v1=<64 hex>");
        }
        long t = Long.parseLong(m.group(1));
        if (Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) {
            throw new Refused("stale timestamp: signed at " + Instant.ofEpochSecond(t) + ", more than " + tolerance.toSeconds()
                    + " s from now");
        }
        byte[] expected = mac(key, t, body);
        if (!MessageDigest.isEqual(expected, HexFormat.of().parseHex(m.group(2)))) {
            throw new Refused("signature does not match the body");
        }
    }

    private static byte[] mac(byte[] key, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
