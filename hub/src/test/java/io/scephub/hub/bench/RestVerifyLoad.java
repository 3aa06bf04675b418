package io.scephub.hub.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scephub.config.HubSettings;
import io.scephub.core.challenge.ChallengeAccepted;
import io.scephub.core.challenge.ChallengeVerifier;
import io.scephub.core.challenge.ReplayStore;
import io.scephub.hub.challenge.ChallengeFixtures;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.server.ApiTokens;
import io.scephub.hub.server.HubServer;
import io.scephub.hub.state.StateStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * A load generator for delegated-challenge verification: the same pre-signed ES256 tokens verified
 * in-process (the core verifier with a no-op replay store, as in the JMH benchmark, and the hub's
 * full path with the JDBC replay store and audit log) and over REST ({@code POST
 * /api/v1/challenges/verify} on loopback, keep-alive HTTP/1.1 clients), on H2 or embedded
 * PostgreSQL. Not a test: run it with {@code main} or call {@link #run(Options)} from a benchmark.
 *
 * <pre>
 * mvn -B -o -q -pl hub -am test-compile -Dsurefire.failIfNoSpecifiedTests=false
 * java -cp "hub/target/test-classes:hub/target/classes:$(cat cp.txt)" io.scephub.hub.bench.RestVerifyLoad \
 *      --db h2|postgres --clients 32 --requests 20000 --warmup 3000
 * </pre>
 */
public final class RestVerifyLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_TOKEN = "bench-api-token-3c9d7e";

    /** What to run: the database, the client count and how many verifications to measure after a warm-up. */
    public record Options(String db, int clients, int requests, int warmup, String client) {
        public static Options parse(String... args) {
            String client = "raw";
            String db = "h2";
            int clients = 32;
            int requests = 20_000;
            int warmup = 3_000;
            for (int i = 0; i < args.length; i += 2) {
                switch (args[i]) {
                    case "--db" -> db = args[i + 1];
                    case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                    case "--requests" -> requests = Integer.parseInt(args[i + 1]);
                    case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                    case "--client" -> client = args[i + 1];
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; expected --db h2|postgres --clients N --requests N --warmup N --client raw|jdk");
                }
            }
            return new Options(db, clients, requests, warmup, client);
        }
    }

    /** One measured series: verifications per second and latency percentiles in milliseconds. */
    public record Series(String name, int requests, double perSecond, double p50Millis, double p99Millis, int errors) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-34s %8d req  %9.1f /s  p50 %7.2f ms  p99 %7.2f ms  errors %d", name, requests,
                    perSecond, p50Millis, p99Millis, errors);
        }
    }

    /** All series of one run, and REST over in-process (no-op replay store, same client count). */
    public record Result(Options options, List<Series> series, double restOverInProcess) {
    }

    public static void main(String[] args) throws Exception {
        Result result = run(Options.parse(args));
        System.out.println("db=" + result.options().db() + " clients=" + result.options().clients() + " cpus="
                + Runtime.getRuntime().availableProcessors() + " java=" + System.getProperty("java.version"));
        result.series().forEach(System.out::println);
        System.out.printf(Locale.ROOT, "rest/in-process = %.2f%n", result.restOverInProcess());
        System.exit(0);
    }

    public static Result run(Options options) throws Exception {
        ChallengeFixtures signer = new ChallengeFixtures();
        int total = options.requests() + options.warmup();
        String[] tokens = sign(signer, 2 * total, options.clients());
        Clock clock = Clock.systemUTC();
        List<Series> series = new ArrayList<>();
        EmbeddedPostgres postgres = options.db().equals("postgres") ? EmbeddedPostgres.start() : null;
        Path dir = Files.createTempDirectory("scephub-bench");
        try (StateStore store = postgres == null
                ? StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir)
                : StateStore.open(Optional.of(postgres.getJdbcUrl("postgres", "postgres")), Optional.of("postgres"), Optional.empty(), dir)) {
            // 1. The verifier alone, as the JMH benchmark measures it: nothing stored.
            ReplayStore none = new ReplayStore() {
                @Override
                public boolean markUsed(String issuer, String jti, Instant expiresAt) {
                    return true;
                }

                @Override
                public int purgeExpired(Instant now) {
                    return 0;
                }
            };
            ChallengeVerifier verifier = new ChallengeVerifier(signer.trust(), none, clock);
            IntConsumer bare = i -> {
                if (!(verifier.verify(tokens[i], Optional.empty()) instanceof ChallengeAccepted)) {
                    throw new IllegalStateException("not accepted");
                }
            };
            measure("in-process verifier, 1 thread", 1, 0, Math.min(options.warmup(), total / 4), bare);
            Series inProcessOne = measure("in-process verifier, 1 thread", 1, 0, options.requests() / 4, bare);
            Series inProcess = measure("in-process verifier, " + options.clients() + " threads", options.clients(), 0,
                    options.requests(), bare);
            series.add(inProcessOne);
            series.add(inProcess);

            // 2a. Its two database writes alone, to see which one waits.
            io.scephub.hub.state.JdbcReplayStore replay = new io.scephub.hub.state.JdbcReplayStore(store.dataSource(), clock);
            Instant expiry = Instant.now().plusSeconds(600);
            series.add(measure("replay-store insert alone (" + options.db() + ")", options.clients(), 0, options.requests(),
                    i -> replay.markUsed("bench-issuer", "jti-" + i, expiry)));
            io.scephub.hub.state.AuditLog audit = new io.scephub.hub.state.AuditLog(store.dataSource(), clock);
            series.add(measure("audit append alone (" + options.db() + ")", options.clients(), 0, options.requests(),
                    i -> audit.append("bench", "bench.event", "subject", "n=" + i)));

            // 2b. The hub's whole decision in-process: replay store and audit log in the database.
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ChallengeVerification hub = ChallengeVerification.create(Optional.of(signer.trust()), store, clock, metrics);
            IntConsumer full = i -> {
                if (!(hub.verify(tokens[i], Optional.empty(), "bench") instanceof ChallengeAccepted)) {
                    throw new IllegalStateException("not accepted");
                }
            };
            measure("warm-up", options.clients(), 0, options.warmup(), full);
            series.add(measure("in-process hub (" + options.db() + ")", options.clients(), options.warmup(), options.requests(), full));

            // 3. Over REST on loopback.
            try (HubServer server = new HubServer(new HubSettings.Listen("127.0.0.1", 0), ApiTokens.ofPlainTokens(Map.of("bench", API_TOKEN)),
                    ChallengeVerification.create(Optional.of(signer.trust()), store, clock, metrics), store.dataSource(), metrics,
                    clock).start()) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .executor(Executors.newFixedThreadPool(4)).connectTimeout(Duration.ofSeconds(5)).build();
                URI uri = server.uri().resolve("/api/v1/challenges/verify");
                ThreadLocal<KeepAliveClient> raw = ThreadLocal.withInitial(() -> new KeepAliveClient(server.port()));
                IntConsumer rawRest = i -> {
                    String body = JSON.createObjectNode().put("token", tokens[i]).toString();
                    String answer = raw.get().post("/api/v1/challenges/verify", API_TOKEN, body);
                    if (!answer.contains("\"accepted\"")) {
                        throw new IllegalStateException("not accepted: " + answer);
                    }
                };
                IntConsumer jdkRest = i -> {
                    HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + API_TOKEN)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("token", tokens[i]).toString()))
                            .build();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200 || !response.body().contains("\"accepted\"")) {
                            throw new IllegalStateException("HTTP " + response.statusCode());
                        }
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                };
                IntConsumer rest = options.client().equals("jdk") ? jdkRest : rawRest;
                int base = total;
                measure("warm-up", options.clients(), base, options.warmup(), rest);
                series.add(measure("REST (" + options.db() + ", " + options.client() + " client)", options.clients(), base + options.warmup(),
                        options.requests(), rest));
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
        Series restSeries = series.get(series.size() - 1);
        return new Result(options, series, restSeries.perSecond() / inProcess(series).perSecond());
    }

    private static Series inProcess(List<Series> series) {
        return series.get(1);
    }

    /**
     * The leanest HTTP/1.1 client: one keep-alive socket per thread, TCP_NODELAY, each request
     * written in one piece, the response read by its Content-Length. On a 2-core machine the JDK
     * client's own threads take CPU the server needs; this one only waits on its socket.
     */
    static final class KeepAliveClient {
        private final int port;
        private java.net.Socket socket;
        private java.io.InputStream in;
        private java.io.OutputStream out;

        KeepAliveClient(int port) {
            this.port = port;
        }

        String post(String path, String bearer, String body) {
            try {
                if (socket == null) {
                    socket = new java.net.Socket("127.0.0.1", port);
                    socket.setTcpNoDelay(true);
                    in = new java.io.BufferedInputStream(socket.getInputStream());
                    out = socket.getOutputStream();
                }
                byte[] payload = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + bearer
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + payload.length + "\r\n\r\n";
                byte[] h = head.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                byte[] request = java.util.Arrays.copyOf(h, h.length + payload.length);
                System.arraycopy(payload, 0, request, h.length, payload.length);
                out.write(request);
                out.flush();
                StringBuilder headers = new StringBuilder();
                while (headers.length() < 4 || !headers.substring(headers.length() - 4).equals("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        throw new java.io.EOFException("connection closed");
                    }
                    headers.append((char) b);
                }
                int status = Integer.parseInt(headers.substring(9, 12));
                int length = 0;
                for (String line : headers.toString().split("\r\n")) {
                    if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                String answer = new String(in.readNBytes(length), java.nio.charset.StandardCharsets.UTF_8);
                if (status != 200) {
                    throw new IllegalStateException("HTTP " + status);
                }
                return answer;
            } catch (java.io.IOException e) {
                socket = null;
                throw new IllegalStateException(e);
            }
        }
    }

    /** Tokens with distinct jtis, signed in parallel (signing is not what is measured). */
    static String[] sign(ChallengeFixtures signer, int count, int threads) throws Exception {
        String[] tokens = new String[count];
        Instant now = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        List<Future<?>> parts = new ArrayList<>();
        int slices = 8;
        for (int s = 0; s < slices; s++) {
            int from = s * count / slices;
            int to = (s + 1) * count / slices;
            parts.add(pool.submit(() -> {
                for (int i = from; i < to; i++) {
                    tokens[i] = signer.token(now);
                }
                return null;
            }));
        }
        for (Future<?> f : parts) {
            f.get();
        }
        pool.shutdown();
        return tokens;
    }

    /** Runs {@code count} calls of {@code call(from..from+count-1)} on {@code threads} threads; latency per call. */
    static Series measure(String name, int threads, int from, int count, IntConsumer call) throws Exception {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong firstError = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < count; ) {
                    long t0 = System.nanoTime();
                    try {
                        call.accept(from + i);
                    } catch (RuntimeException e) {
                        if (errors.getAndIncrement() == 0) {
                            firstError.set(1);
                            System.err.println(name + ": first error: " + e);
                        }
                    }
                    latencies[i] = System.nanoTime() - t0;
                }
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        Arrays.sort(latencies);
        return new Series(name, count, count / (elapsed / 1e9), latencies[count / 2] / 1e6, latencies[(int) (count * 0.99)] / 1e6,
                errors.get());
    }
}
