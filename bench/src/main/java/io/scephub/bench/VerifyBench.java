package io.scephub.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.scephub.config.ScephubConfig;
import io.scephub.core.challenge.ChallengeAccepted;
import io.scephub.core.challenge.ChallengeDecision;
import io.scephub.hub.Hub;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.HubRuntime;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.state.AuditLog;
import io.scephub.hub.state.StateStore;
import io.scephub.sandbox.ChallengeRequest;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxConfigFile;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Delegated challenge verification, per state store: in this JVM through {@link ChallengeVerification} (the code the
 * REST endpoint calls, with the same replay table and audit log), and over HTTP against a `scephub serve` child
 * process with keep-alive loopback clients. Both verify the same fresh tokens against a fresh database.
 */
final class VerifyBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:\\d+");
    /** The Windows enrollment of the demo; the sandbox's Intune signs challenges for its SCEP configuration. */
    private static final String AUDIENCE = "okta-scep:windows-intune";

    /**
     * Throughput and latency of one measurement; {@code failures} counts answers other than "accepted".
     * {@code serverCpuSeconds} is the CPU time of the JVM that verified (the bench JVM in-process, the {@code serve}
     * child over REST), {@code clientCpuSeconds} that of the bench JVM while it was only the REST client (0 in-process).
     * {@code threadCpu} breaks both down by thread group in µs per verification ({@link ThreadCpu}). {@code round} is
     * which of the run's rounds it was measured in (1 and up; 0 while it is not yet placed in one).
     */
    record Measurement(String store, String path, int verifications, int clients, double seconds, long p50Micros,
                       long p99Micros, int failures, String firstFailure, double serverCpuSeconds, double clientCpuSeconds,
                       Ledger ledger, String threadCpu, int round) {
        double perSecond() {
            return verifications / seconds;
        }

        /** This measurement as round {@code r}'s. */
        Measurement inRound(int r) {
            return new Measurement(store, path, verifications, clients, seconds, p50Micros, p99Micros, failures, firstFailure,
                    serverCpuSeconds, clientCpuSeconds, ledger, threadCpu, r);
        }
    }

    /**
     * What the store holds after a measurement: every decision recorded exactly once, and replays refused.
     *
     * @param decisions      verifications sent (warm-up and measured), each of a distinct token
     * @param auditAccepted  {@code challenge.accepted} audit records
     * @param distinctJtis   distinct {@code jti_sha256} among them
     * @param replayRows     rows in the replay table
     * @param chainIntact    the audit log's hash chain verifies from its first record
     * @param replaysTried   tokens sent a second time after the measurement
     * @param replaysRefused of those, answers "rejected" with reason REPLAYED
     */
    record Ledger(int decisions, long auditAccepted, long distinctJtis, long replayRows, boolean chainIntact, int replaysTried,
                  int replaysRefused) {
        /** Nothing lost, nothing doubled, every replay refused. */
        boolean exact() {
            return auditAccepted == decisions && distinctJtis == decisions && replayRows == decisions && chainIntact
                    && replaysRefused == replaysTried;
        }

        /** The audit records of the replays are rejections, so they do not change {@code auditAccepted}. */
        String summary() {
            return String.format(java.util.Locale.ROOT, "%,d decisions: %,d accepted audit records (%,d distinct jti), %,d replay rows,"
                    + " chain %s; replays refused %,d of %,d", decisions, auditAccepted, distinctJtis, replayRows,
                    chainIntact ? "intact" : "BROKEN", replaysRefused, replaysTried);
        }
    }

    /** Tokens sent again after each measurement to check that the store refuses them. */
    static final int REPLAY_SAMPLE = 1_000;

    private final Sandbox sandbox;
    private final Path workDir;
    private final int clients;
    private final String apiToken;

    VerifyBench(Sandbox sandbox, Path workDir, int clients) {
        this.sandbox = sandbox;
        this.workDir = workDir;
        this.clients = clients;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.apiToken = "bench-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** {@code count} distinct ES256 x5c challenges from the sandbox's Intune signer, valid for 55 minutes. */
    List<String> tokens(int count) {
        return IntStream.range(0, count).parallel()
                .mapToObj(i -> sandbox.challenges().issue(ChallengeRequest.builder(AUDIENCE, "bench-device-" + i)
                        .platform("windows").lifetime(Duration.ofMinutes(55)).build()))
                .toList();
    }

    /** The config `serve` and the in-process verifier read: the demo's signer, one API token, the given state store. */
    Path config(String name, String stateYaml) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve(name));
        Path signerRoot = dir.resolve(SandboxConfigFile.SIGNER_ROOT_FILE);
        Files.createDirectories(signerRoot.getParent());
        Files.writeString(signerRoot, sandbox.challenges().signerRootPem());
        String yaml = EnrollmentFleet.header(sandbox) + "enrollments:\n"
                + EnrollmentFleet.enrollment(EnrollmentFleet.Kind.WINDOWS_INTUNE, 1).replace("e0001-windows-intune", "windows-intune")
                + stateYaml
                + """
                server:
                  listen: 127.0.0.1:0
                  tokens:
                    - name: bench
                      sha256: %s
                """.formatted(sha256Hex(apiToken))
                + SandboxConfigFile.withEnvironment(sandbox).challengeSigners(AUDIENCE, "windows-intune", false);
        Path file = dir.resolve("scephub.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /**
     * In-process, in a child JVM started like the {@code serve} child (same heap, same extra JVM options, same warm-up), so
     * that the two paths differ only by HTTP: the bench JVM has signed every token, which compiles the P-256 arithmetic
     * before the first verification, and holds the sandbox and the tokens. {@code storeArgs} tell the child its store.
     */
    Measurement inProcess(String store, Path config, List<String> warmup, List<String> tokens)
            throws IOException, InterruptedException {
        Path dir = config.getParent();
        Path tokenFile = dir.resolve("tokens.txt");
        List<String> all = new java.util.ArrayList<>(warmup);
        all.addAll(tokens);
        Files.write(tokenFile, all);
        Path result = dir.resolve("in-process-result.json");
        List<String> command = childJvm();
        command.addAll(List.of("-cp", classPath(), InProcessVerify.class.getName(),
                "--config", config.toString(), "--store", store, "--tokens", tokenFile.toString(), "--warmup",
                Integer.toString(warmup.size()), "--clients", Integer.toString(clients), "--result", result.toString()));
        Path log = dir.resolve("in-process.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(EnrollmentFleet.credentials(sandbox));
        Process child = builder.start();
        if (!child.waitFor(6, TimeUnit.HOURS) || child.exitValue() != 0 || !Files.exists(result)) {
            child.destroyForcibly();
            throw new IOException("the in-process verification JVM failed; log: " + tail(log));
        }
        return JSON.readValue(result.toFile(), Measurement.class);
    }

    /**
     * The hub's runtime for {@code config}: its state store opened once, as every scephub command opens it. It has no
     * long-lived parts, so closing it closes the store; its hub built nothing else (no session was opened).
     */
    static HubRuntime runtime(Path config, Map<String, String> env) {
        Hub hub = Hub.create(new HubEnvironment(env, config.getParent(), Clock.systemUTC()));
        return hub.runtime(hub.load(config));
    }

    /** The in-process measurement itself, run by {@link InProcessVerify} in its own JVM. */
    static Measurement inProcessHere(String store, ScephubConfig loaded, StateStore state, int clients,
                                     List<String> warmup, List<String> tokens) throws InterruptedException {
        ChallengeVerification verification = ChallengeVerification.create(loaded.delegatedChallenge(), state, Clock.systemUTC(),
                new SimpleMeterRegistry());
        Call call = token -> outcome(verification.verify(token, Optional.empty(), "bench"));
        drive(clients, warmup, call);
        long self = ProcessHandle.current().pid();
        ThreadCpu.Snapshot threads0 = ThreadCpu.snapshot(self);
        long cpu0 = benchCpuNanos();
        Measurement m = measure(clients, store, VerifyPath.IN_PROCESS.label, tokens, call);
        double cpu = (benchCpuNanos() - cpu0) / 1e9;
        String threads = "verifying JVM: " + ThreadCpu.perVerification(ThreadCpu.between(threads0, ThreadCpu.snapshot(self)),
                tokens.size());
        int refused = replays(clients, tokens, call);
        Ledger ledger = ledger(state, warmup.size() + tokens.size(), refused, Math.min(REPLAY_SAMPLE, tokens.size()));
        return withCpu(m, cpu, 0, ledger, threads);
    }

    /** This JVM's class path with absolute entries: the children run in their own directories. */
    private static String classPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** {@code java -Xmx512m} and the extra options of {@code -Dbench.serveJvmArgs}: how both verifying JVMs start. */
    private static List<String> childJvm() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx512m"));
        // E.g. -Dbench.serveJvmArgs="-XX:StartFlightRecording=filename=serve.jfr" to profile the verifying JVMs.
        String extra = System.getProperty("bench.serveJvmArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        return command;
    }

    private static String outcome(ChallengeDecision decision) {
        if (decision instanceof ChallengeAccepted) {
            return "";
        }
        return decision instanceof io.scephub.core.challenge.ChallengeRejected r ? "rejected " + r.reason().name() : "rejected";
    }

    /**
     * What verifies the tokens: the verification called in its own JVM, the same verification behind the bench's least
     * HTTP server ({@link HttpFloorVerify}), or {@code scephub serve}. {@code label} is the measurement's path, which the
     * report reads.
     */
    enum VerifyPath {
        IN_PROCESS("in-process", "in-process"),
        HTTP_FLOOR("HTTP floor (bench server)", "over the bench's least HTTP server"),
        SERVE("REST (serve)", "over REST against scephub serve");

        final String label;
        final String how;

        VerifyPath(String label, String how) {
            this.label = label;
            this.how = how;
        }
    }

    /** {@code tokens} verified along {@code path}, after {@code warmup}, against the store {@code config} names. */
    Measurement measure(VerifyPath path, String store, Path config, String httpClient, List<String> warmup, List<String> tokens)
            throws IOException, InterruptedException {
        return path == VerifyPath.IN_PROCESS ? inProcess(store, config, warmup, tokens) : rest(path, store, config, httpClient, warmup, tokens);
    }

    /**
     * Over REST against a {@code scephub serve} child; after it stopped, its store (the one {@code config} names) is
     * opened to count what it recorded.
     */
    Measurement rest(VerifyPath server, String store, Path config, String httpClient, List<String> warmup, List<String> tokens)
            throws IOException, InterruptedException {
        Path log = config.getParent().resolve("serve.log");
        List<String> command = childJvm();
        command.addAll(List.of("-cp", classPath()));
        command.addAll(server == VerifyPath.SERVE
                ? List.of("io.scephub.hub.Main", "serve", "--config", config.toString(), "--port", "0", "--no-scheduler")
                : List.of(HttpFloorVerify.class.getName(), "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(config.getParent().toFile()).redirectError(log.toFile());
        builder.environment().putAll(EnrollmentFleet.credentials(sandbox));
        builder.environment().put("BENCH_API_TOKEN", apiToken);
        Process serve = builder.start();
        Measurement m;
        int refused;
        try {
            URI base = awaitUrl(serve, log);
            Call call = httpClient.equals("jdk") ? jdkClient(base) : socketClient(base);
            drive(clients, warmup, call);
            long self = ProcessHandle.current().pid();
            ThreadCpu.Snapshot serveThreads0 = ThreadCpu.snapshot(serve.pid());
            ThreadCpu.Snapshot clientThreads0 = ThreadCpu.snapshot(self);
            long cpu0 = benchCpuNanos();
            long serveCpu0 = cpuNanos(serve);
            m = measure(clients, store, server.label, tokens, call);
            double serveCpu = (cpuNanos(serve) - serveCpu0) / 1e9;
            double benchCpu = (benchCpuNanos() - cpu0) / 1e9;
            String threads = "verifying JVM: " + ThreadCpu.perVerification(
                    ThreadCpu.between(serveThreads0, ThreadCpu.snapshot(serve.pid())), tokens.size())
                    + "; client JVM: " + ThreadCpu.perVerification(ThreadCpu.between(clientThreads0, ThreadCpu.snapshot(self)),
                    tokens.size());
            refused = replays(clients, tokens, call);
            m = withCpu(m, serveCpu, benchCpu, null, threads);
        } finally {
            serve.destroy();
            if (!serve.waitFor(20, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
        try (HubRuntime runtime = runtime(config, EnrollmentFleet.credentials(sandbox))) {
            return withCpu(m, m.serverCpuSeconds(), m.clientCpuSeconds(),
                    ledger(runtime.store(), warmup.size() + tokens.size(), refused, Math.min(REPLAY_SAMPLE, tokens.size())),
                    m.threadCpu());
        }
    }

    /**
     * Each request written out by the client thread that sends it (a few microseconds against the verification's
     * milliseconds), so the bench holds no second copy of every token: 105,000 tokens written out beforehand did not fit
     * the bench JVM's default 512 MiB heap. A verification costs the client one write-out, one write and one read; an
     * accepted answer is recognised by its first bytes.
     */
    private Call socketClient(URI base) {
        ThreadLocal<LoopbackClient> connections = ThreadLocal.withInitial(() -> new LoopbackClient(base));
        String authorization = "Bearer " + apiToken;
        byte[] accepted = ("{" + ACCEPTED).getBytes(StandardCharsets.US_ASCII);
        return token -> {
            byte[] request = LoopbackClient.request(base, "/api/v1/challenges/verify", authorization, verifyBody(token));
            LoopbackClient.Answer response = connections.get().send(request, accepted);
            return response == LoopbackClient.Answer.EXPECTED ? "" : answer(response);
        };
    }

    private Call jdkClient(URI base) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        return token -> {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/challenges/verify"))
                    .header("Authorization", "Bearer " + apiToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(verifyBody(token))).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return answer(new LoopbackClient.Answer(response.statusCode(), response.body()));
        };
    }

    /** A compact JWS is base64url parts and dots, nothing JSON must escape; anything else goes through Jackson. */
    private static final Pattern JWS_CHARS = Pattern.compile("[A-Za-z0-9_.-]*");

    private static String verifyBody(String token) {
        return JWS_CHARS.matcher(token).matches() ? "{\"token\":\"" + token + "\"}" : JSON.createObjectNode().put("token", token).toString();
    }

    /** The server writes compact JSON with unique members, so an accepted answer is recognised without parsing it. */
    private static final String ACCEPTED = "\"decision\":\"accepted\"";

    private static String answer(LoopbackClient.Answer response) throws IOException {
        if (response.status() != 200) {
            return "HTTP " + response.status() + " " + response.body().lines().findFirst().orElse("");
        }
        if (response.body().startsWith("{" + ACCEPTED)) {
            return "";
        }
        com.fasterxml.jackson.databind.JsonNode json = JSON.readTree(response.body());
        String decision = json.path("decision").asText();
        return decision.equals("accepted") ? "" : decision + " " + json.path("reason").asText();
    }

    /** Sends the first {@link #REPLAY_SAMPLE} measured tokens again; answers how many came back "rejected REPLAYED". */
    private static int replays(int clients, List<String> tokens, Call call) throws InterruptedException {
        List<String> again = tokens.subList(0, Math.min(REPLAY_SAMPLE, tokens.size()));
        AtomicInteger refused = new AtomicInteger();
        measure(clients, "", "", again, token -> {
            String outcome = call.verify(token);
            if (outcome.equals("rejected REPLAYED")) {
                refused.incrementAndGet();
            }
            return "";
        });
        return refused.get();
    }

    /** Counts what {@code state} recorded for {@code decisions} distinct accepted tokens. */
    private static Ledger ledger(StateStore state, int decisions, int refused, int tried) {
        long accepted = 0;
        java.util.Set<String> jtis = new java.util.HashSet<>();
        AuditLog audit = new AuditLog(state.dataSource(), Clock.systemUTC());
        long[] count = {0};
        audit.forEach(0, e -> {
            if (e.event().equals(ChallengeVerification.EVENT_ACCEPTED)) {
                count[0]++;
                jtis.add(AuditLog.fields(e.detail()).getOrDefault("jti_sha256", ""));
            }
        });
        accepted = count[0];
        long rows;
        try (Connection c = state.dataSource().getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM challenge_replay")) {
            rs.next();
            rows = rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the replay table: " + e.getMessage(), e);
        }
        return new Ledger(decisions, accepted, jtis.size(), rows, audit.verify().intact(), tried, refused);
    }

    private static Measurement withCpu(Measurement m, double server, double client, Ledger ledger, String threads) {
        return new Measurement(m.store(), m.path(), m.verifications(), m.clients(), m.seconds(), m.p50Micros(), m.p99Micros(),
                m.failures(), m.firstFailure(), server, client, ledger, threads, m.round());
    }

    private static long benchCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long cpuNanos(Process process) {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static URI awaitUrl(Process serve, Path log) throws IOException {
        CompletableFuture<URI> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    Matcher m = URL.matcher(line);
                    if (m.find() && line.contains("listening")) {
                        url.complete(URI.create(m.group()));
                    }
                }
                url.completeExceptionally(new IOException("scephub serve ended without printing its URL; see " + log));
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
        }, "bench-serve-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return url.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("scephub serve did not start: " + e.getMessage() + "; log: " + tail(log), e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** One verification; answers "" when accepted, else what came back. */
    @FunctionalInterface
    interface Call {
        String verify(String token) throws Exception;
    }

    private static void drive(int clients, List<String> tokens, Call call) throws InterruptedException {
        measure(clients, "", "", tokens, call);
    }

    /** {@code clients} threads take tokens from one counter until none are left; each call's latency is kept. */
    private static Measurement measure(int clients, String store, String path, List<String> tokens, Call call)
            throws InterruptedException {
        long[] latencies = new long[tokens.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>("");
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            threads[c] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                int i;
                while ((i = next.getAndIncrement()) < tokens.size()) {
                    long t0 = System.nanoTime();
                    String outcome;
                    try {
                        outcome = call.verify(tokens.get(i));
                    } catch (Exception e) {
                        outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
                    }
                    latencies[i] = System.nanoTime() - t0;
                    if (!outcome.isEmpty()) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet("", outcome.length() > 200 ? outcome.substring(0, 200) : outcome);
                    }
                }
            }, "bench-client-" + c);
            threads[c].start();
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Measurement(store, path, tokens.size(), clients, seconds, percentile(sorted, 0.50) / 1_000,
                percentile(sorted, 0.99) / 1_000, failures.get(), firstFailure.get(), 0, 0, null, "", 0);
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh, empty database on the embedded PostgreSQL for one measurement. */
    static String freshDatabase(EmbeddedPostgres postgres, String name) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

}
