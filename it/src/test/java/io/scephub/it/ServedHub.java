package io.scephub.it;

import io.scephub.hub.HubEnvironment;
import io.scephub.hub.cli.ScephubCommand;
import io.scephub.hub.sync.SyncScheduler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * {@code scephub serve} run in-process on a daemon thread with its own environment, until {@link #close()};
 * everything it prints is kept for the canary checks. Its scheduler polls every 0.5 s unless {@code env} says
 * otherwise ({@link SyncScheduler.Settings#POLLING_TEST_OVERRIDE}), so no test waits out serve's 10 s poll. Also the
 * configuration head and the REST calls the tests of a served hub share (queue a sync, wait for it, read with a token).
 */
final class ServedHub implements AutoCloseable {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final Thread serving;
    private final StringWriter out = new StringWriter();

    private ServedHub(Map<String, String> env, Path dir, Path config, String threadName) {
        Map<String, String> polling = new java.util.HashMap<>(env);
        polling.putIfAbsent(SyncScheduler.Settings.POLLING_TEST_OVERRIDE, "PT0.5S");
        serving = new Thread(() -> {
            var cl = ScephubCommand.commandLine(new HubEnvironment(polling, dir, Clock.systemUTC()));
            PrintWriter printer = new PrintWriter(out, true);
            cl.setOut(printer);
            cl.setErr(printer);
            cl.execute("serve", "--config", config.toString());
        }, threadName);
        serving.setDaemon(true);
    }

    /** A free port on 127.0.0.1 for the configuration's {@code server.listen}. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts serving {@code config} and returns once {@code base + "/readyz"} answers 200 (at most 60 s). */
    static ServedHub start(Map<String, String> env, Path dir, Path config, String base, String threadName)
            throws InterruptedException {
        ServedHub hub = new ServedHub(env, dir, config, threadName);
        hub.serving.start();
        hub.awaitReady(base);
        return hub;
    }

    /**
     * scephub.yaml's first lines for a served hub: no scheduled sync while the test runs, listening on 127.0.0.1:{@code port},
     * one API token {@code it} given by its SHA-256.
     */
    static String head(int port, String token) {
        return "version: 1\n" + servedSections(port, token);
    }

    /** The {@code schedule:} and {@code server:} sections of {@link #head}, for a file that starts otherwise. */
    static String servedSections(int port, String token) {
        return """
                schedule:
                  sync: "0 0 3 1 1 *"
                server:
                  listen: 127.0.0.1:%d
                  tokens:
                    - name: it
                      sha256: %s
                """.formatted(port, sha256Hex(token));
    }

    static String sha256Hex(String token) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Queues a sync of {@code tenant} (not a dry run) through the REST API; answers the run's URL. */
    static String queueSync(String base, String tenant, String token) throws IOException, InterruptedException {
        HttpResponse<String> queued = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base + "/api/v1/tenants/" + tenant + "/syncs")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"dryRun\": false}")).build(),
                HttpResponse.BodyHandlers.ofString());
        org.assertj.core.api.Assertions.assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        return base + JSON.readTree(queued.body()).path("links").path("self").asText();
    }

    /** Waits until the run at {@code url} is neither queued nor running; answers its status. */
    static String awaitRun(String url, String token) throws InterruptedException {
        await(() -> !status(url, token).equals("queued") && !status(url, token).equals("running"), "the run " + url + " ended");
        return status(url, token);
    }

    static String status(String url, String token) {
        try {
            return JSON.readTree(get(url, token).body()).path("status").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResponse<String> get(String url, String token) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits up to 90 s for {@code done} (an exception counts as not yet). */
    static void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (done.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not answering yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /** Everything serve printed so far. */
    String output() {
        return out.toString();
    }

    boolean isAlive() {
        return serving.isAlive();
    }

    private void awaitReady(String base) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!serving.isAlive()) {
                throw new AssertionError("scephub serve stopped:\n" + out);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("scephub serve did not become ready:\n" + out);
    }

    /** Stops serving (the interrupt ends serve's wait for shutdown) and waits up to 30 s for it. */
    @Override
    public void close() throws InterruptedException {
        serving.interrupt();
        serving.join(30_000);
    }
}
