package io.scephub.hub.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scephub.config.HubSettings;
import io.scephub.hub.challenge.ChallengeFixtures;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.state.StateStore;
import io.scephub.hub.sync.SyncRuns;
import io.scephub.hub.sync.SyncScheduler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * 1,000 generated requests (random bytes, deep nesting, huge numbers, wrong types, invalid UTF-8,
 * random tokens, headers, paths and broken HTTP framing), seeded so a failure repeats: none may
 * get a 5xx, every error is {@code application/problem+json}, and nothing logs a stack trace.
 */
class HubServerFuzzTest {
    static final String API_TOKEN = "fuzz-api-token-71c9e0";
    static final long SEED = 20261201L;
    static final int CASES = 1_000;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] ENDPOINTS = {"/api/v1/challenges/verify", "/api/v1/syncs"};

    @TempDir
    Path dir;

    StateStore store;
    HubServer server;
    ChallengeFixtures signer;
    ListAppender<ILoggingEvent> logs;
    Logger root;

    @BeforeEach
    void start() throws Exception {
        signer = new ChallengeFixtures();
        Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SyncRuns runs = new SyncRuns(store.dataSource(), clock);
        server = new HubServer(new HubSettings.Listen("127.0.0.1", 0), ApiTokens.ofPlainTokens(Map.of("fuzz", API_TOKEN)),
                ChallengeVerification.create(Optional.of(signer.trust()), store, clock, metrics), store.dataSource(), metrics,
                clock, HubServer.DEFAULT_MAX_BODY_BYTES, SyncScheduler.clientOnly(store.dataSource(), runs, clock)).start();
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stop() {
        root.detachAppender(logs);
        server.close();
        store.close();
    }

    @Test
    void aThousandFuzzedRequestsGetNo5xxOnlyProblemJsonErrorsAndNoStackTraces() throws Exception {
        Random random = new Random(SEED);
        List<Function<Random, byte[]>> generators = List.of(this::randomBody, this::deepNesting, this::hugeNumbers,
                this::wrongTypes, this::randomToken, this::invalidUtf8, this::randomHeaders, this::randomPath,
                this::brokenFraming, this::randomBody);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            int kind = i % generators.size();
            byte[] request = generators.get(kind).apply(random);
            RawHttp.Response response;
            try {
                response = RawHttp.exchange(server.port(), request);
            } catch (Exception | AssertionError e) {
                failures.add("case " + i + " (generator " + kind + "): no HTTP answer (" + e + ") to "
                        + RawHttp.shorten(new String(request, StandardCharsets.ISO_8859_1)));
                continue;
            }
            String problem = check(response);
            if (problem != null) {
                failures.add("case " + i + " (generator " + kind + "): " + problem + " for "
                        + RawHttp.shorten(new String(request, StandardCharsets.ISO_8859_1)) + "\n  got " + RawHttp.shorten(response.raw()));
            }
        }
        assertThat(failures).as(String.join("\n", failures.subList(0, Math.min(10, failures.size())))).isEmpty();
        assertThat(logs.list).as("log events with a stack trace")
                .noneMatch(e -> e.getThrowableProxy() != null)
                .noneMatch(e -> e.getFormattedMessage().contains("\tat "));
        assertThat(logs.list).as("no secret in the log").noneMatch(e -> e.getFormattedMessage().contains(API_TOKEN));
    }

    /** Null when the response is acceptable, else what is wrong with it. */
    static String check(RawHttp.Response response) {
        if (response.status() >= 500) {
            return "status " + response.status();
        }
        if (response.body().contains("Exception") || response.body().contains("\tat ") || response.body().contains("<html")) {
            return "the body shows internals or HTML";
        }
        if (response.status() < 400) {
            return null;
        }
        if (!response.contentType().startsWith("application/problem+json")) {
            return "error with Content-Type " + response.contentType();
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body.path("status").asInt() != response.status() || !body.path("type").asText().startsWith(Problem.TYPE_BASE)
                    || body.path("title").asText().isEmpty() || body.path("detail").asText().isEmpty()) {
                return "not an RFC 9457 problem of this status";
            }
        } catch (Exception e) {
            return "the problem body is not JSON";
        }
        return null;
    }

    // --- generators -------------------------------------------------------------------------

    private static String endpoint(Random r) {
        return ENDPOINTS[r.nextInt(ENDPOINTS.length)];
    }

    private static byte[] post(String path, byte[] body) {
        return RawHttp.request("POST", path, body, "Authorization: Bearer " + API_TOKEN, "Content-Type: application/json");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] randomBody(Random r) {
        byte[] body = new byte[r.nextInt(3000)];
        r.nextBytes(body);
        if (r.nextBoolean() && body.length > 2) {
            // Starts like JSON so the parser gets past the first byte.
            body[0] = '{';
            body[1] = '"';
        }
        return post(endpoint(r), body);
    }

    private byte[] deepNesting(Random r) {
        int depth = r.nextBoolean() ? 1_001 + r.nextInt(200) : 33 + r.nextInt(30_000);
        StringBuilder b = new StringBuilder();
        String open = switch (r.nextInt(3)) {
            case 0 -> "[";
            case 1 -> "{\"a\":";
            default -> "{\"enrollments\":[";
        };
        b.append(r.nextBoolean() ? "" : "{\"token\":");
        for (int i = 0; i < depth && b.length() < 60_000; i++) {
            b.append(open);
        }
        if (r.nextBoolean()) {
            // Closed properly, so only the depth is wrong.
            String close = open.equals("[") ? "]" : open.equals("{\"a\":") ? "}" : "]}";
            int opened = (b.length()) / open.length();
            b.append("1");
            for (int i = 0; i < opened && b.length() < 64_000; i++) {
                b.append(close);
            }
        }
        return post(endpoint(r), bytes(b.toString()));
    }

    private byte[] hugeNumbers(Random r) {
        String digits = "9".repeat(1 + r.nextInt(40_000));
        String number = switch (r.nextInt(5)) {
            case 0 -> digits;
            case 1 -> "-" + digits + "." + digits.substring(0, Math.min(digits.length(), 500));
            case 2 -> "1e" + digits.substring(0, Math.min(digits.length(), 12));
            case 3 -> "0." + "0".repeat(r.nextInt(20_000)) + "1";
            default -> "1E-" + digits.substring(0, Math.min(digits.length(), 20));
        };
        String member = List.of("token", "csr", "dryRun", "enrollments").get(r.nextInt(4));
        String body = member.equals("enrollments") ? "{\"enrollments\":[" + number + "]}" : "{\"" + member + "\":" + number + "}";
        return post(endpoint(r), bytes(body));
    }

    private byte[] wrongTypes(Random r) {
        List<String> values = List.of("1", "-1", "true", "false", "null", "[]", "{}", "[[]]", "[null]", "[1,2]", "\"\"",
                "\"x\"", "[\"\"]", "[\"a\",\"a\"]", "{\"a\":1}", "0.5", "[{}]", "\"" + "z".repeat(300) + "\"",
                "[" + String.join(",", java.util.Collections.nCopies(150, "\"e\"")) + "]");
        List<String> members = List.of("token", "csr", "dryRun", "enrollments", "Token", "", "__proto__", "token\u0000");
        StringBuilder b = new StringBuilder("{");
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(JSON.getNodeFactory().textNode(members.get(r.nextInt(members.size()))).toString()).append(':').append(values.get(r.nextInt(values.size())));
        }
        b.append('}');
        String body = switch (r.nextInt(6)) {
            case 0 -> values.get(r.nextInt(values.size()));
            case 1 -> b + b.toString();
            default -> b.toString();
        };
        return post(endpoint(r), bytes(body));
    }

    private byte[] randomToken(Random r) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String token = switch (r.nextInt(5)) {
            case 0 -> {
                byte[] a = new byte[r.nextInt(200)];
                byte[] b = new byte[r.nextInt(400)];
                byte[] c = new byte[r.nextInt(100)];
                r.nextBytes(a);
                r.nextBytes(b);
                r.nextBytes(c);
                yield b64.encodeToString(a) + "." + b64.encodeToString(b) + "." + b64.encodeToString(c);
            }
            case 1 -> ChallengeFixtures.unsignedTokenClaiming("x".repeat(r.nextInt(3000)));
            case 2 -> b64.encodeToString(bytes("{\"alg\":\"none\"}")) + "." + b64.encodeToString(bytes("{\"iss\":" + "[".repeat(r.nextInt(5000)) + "}")) + ".";
            case 3 -> "a".repeat(r.nextInt(70_000));
            default -> {
                StringBuilder s = new StringBuilder();
                for (int i = r.nextInt(500); i > 0; i--) {
                    s.appendCodePoint(r.nextInt(0x10FFFF) & ~0xF800 | (r.nextBoolean() ? 0 : 0x20));
                }
                yield s.toString();
            }
        };
        String body = JSON.createObjectNode().put("token", token).toString();
        if (r.nextInt(4) == 0) {
            body = JSON.createObjectNode().put("token", token).put("csr", r.nextBoolean() ? "-----BEGIN x" : token).toString();
        }
        return post("/api/v1/challenges/verify", bytes(body));
    }

    private byte[] invalidUtf8(Random r) {
        byte[][] bad = {{(byte) 0xC0, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88},
                {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String member = r.nextBoolean() ? "token" : "enrollments";
        out.writeBytes(bytes(member.equals("token") ? "{\"token\":\"ab" : "{\"enrollments\":[\"ab"));
        for (int i = 1 + r.nextInt(5); i > 0; i--) {
            out.writeBytes(bad[r.nextInt(bad.length)]);
            out.writeBytes(bytes(r.nextBoolean() ? "x" : "\\ud800"));
        }
        out.writeBytes(bytes(member.equals("token") ? "\"}" : "\"]}"));
        return post(endpoint(r), out.toByteArray());
    }

    private byte[] randomHeaders(Random r) {
        String token = switch (r.nextInt(6)) {
            case 0 -> "Bearer " + randomAscii(r, r.nextInt(300));
            case 1 -> randomAscii(r, r.nextInt(100));
            case 2 -> "Bearer";
            case 3 -> "bearer " + API_TOKEN + randomAscii(r, 1);
            case 4 -> "Basic " + Base64.getEncoder().encodeToString(bytes("a:" + API_TOKEN));
            default -> "Bearer " + API_TOKEN;
        };
        String contentType = List.of("application/json", "text/plain", "", "application/json; charset=utf-16",
                "application/jsonx", "multipart/form-data; boundary=" + randomAscii(r, 20), randomAscii(r, 40)).get(r.nextInt(7));
        List<String> headers = new ArrayList<>(List.of("Authorization: " + token, "Content-Type: " + contentType));
        if (r.nextBoolean()) {
            headers.add(randomToken(r, 1 + r.nextInt(30)) + ": " + randomAscii(r, r.nextInt(200)));
        }
        if (r.nextInt(4) == 0) {
            headers.add("Idempotency-Key: " + randomAscii(r, r.nextInt(400)));
        }
        String method = List.of("GET", "POST", "PUT", "DELETE", "PATCH").get(r.nextInt(5));
        String path = List.of("/api/v1/syncs", "/api/v1/challenges/verify", "/readyz", "/metrics", "/healthz", "/api/v1/syncs/x").get(r.nextInt(6));
        return RawHttp.request(method, path, bytes("{}"), headers.toArray(String[]::new));
    }

    private byte[] randomPath(Random r) {
        String path = switch (r.nextInt(6)) {
            case 0 -> "/" + randomAscii(r, r.nextInt(200)).replace(" ", "%20").replace("#", "%23").replace("?", "%3F");
            case 1 -> {
                StringBuilder s = new StringBuilder("/api/v1/syncs/");
                for (int i = r.nextInt(60); i > 0; i--) {
                    s.append('%').append(String.format("%02X", r.nextInt(256)));
                }
                yield s.toString();
            }
            case 2 -> "/" + "a".repeat(8_000 + r.nextInt(20_000));
            case 3 -> List.of("/%", "/%zz", "/..", "/../../etc/passwd", "/api/v1/syncs/..%2f..%2f", "//", "/api/v1/syncs/%00",
                    "/api/v1/syncs?limit=" + randomAscii(r, 10).replace(" ", "+"), "*", "/;x=1", "/api/v1/syncs;a").get(r.nextInt(11));
            case 4 -> "http://127.0.0.1/" + randomToken(r, 10);
            default -> "/api/v1/syncs?" + randomToken(r, 5) + "=" + "%" + Integer.toHexString(r.nextInt(256));
        };
        String method = List.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "FOO", "CONNECT").get(r.nextInt(9));
        return RawHttp.request(method, path, method.equals("GET") ? null : bytes("{}"), "Authorization: Bearer " + API_TOKEN,
                "Content-Type: application/json");
    }

    private byte[] brokenFraming(Random r) {
        String auth = "Authorization: Bearer " + API_TOKEN + "\r\nContent-Type: application/json\r\n";
        String request = switch (r.nextInt(10)) {
            case 0 -> randomAscii(r, 1 + r.nextInt(200)) + "\r\n\r\n";
            case 1 -> "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9_000 + r.nextInt(20_000)) + "\r\nConnection: close\r\n\r\n";
            case 2 -> "POST /api/v1/syncs HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: " + List.of("abc", "-1", "1 1", "99999999999999999999").get(r.nextInt(4))
                    + "\r\nConnection: close\r\n\r\n{}";
            case 3 -> "POST /api/v1/syncs HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}";
            case 4 -> "POST /api/v1/challenges/verify HTTP/1.1\r\nHost: x\r\n" + auth + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + List.of("zz\r\n{}\r\n0\r\n\r\n", "2\r\n{}\r\n", "FFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n", "1;" + randomAscii(r, 30) + "\r\n{\r\n0\r\n\r\n").get(r.nextInt(4));
            case 5 -> "GET /healthz HTTP/" + List.of("0.9", "2.0", "1.2", "x").get(r.nextInt(4)) + "\r\nHost: x\r\nConnection: close\r\n\r\n";
            case 6 -> "GET /healthz HTTP/1.1\r\n" + "H".repeat(1 + r.nextInt(100)) + "\r\n\r\n";
            case 7 -> "GET /healthz HTTP/1.1\r\nHost: x\r\n" + "X-Many: 1\r\n".repeat(200 + r.nextInt(2000)) + "Connection: close\r\n\r\n";
            case 8 -> "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Ctl: a\u0001b\u007f\r\nConnection: close\r\n\r\n";
            default -> "POST /api/v1/challenges/verify HTTP/1.1\r\n" + auth + "Connection: close\r\nContent-Length: 2\r\n\r\n{}";
        };
        return request.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String randomAscii(Random r, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append((char) (0x20 + r.nextInt(0x5f)));
        }
        return s.toString();
    }

    private static String randomToken(Random r, int length) {
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(chars.charAt(r.nextInt(chars.length())));
        }
        return s.toString();
    }
}
