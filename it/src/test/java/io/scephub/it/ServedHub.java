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
 * otherwise ({@link SyncScheduler.Settings#POLLING_TEST_OVERRIDE}), so no test waits out serve's 10 s poll.
 */
final class ServedHub implements AutoCloseable {
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
