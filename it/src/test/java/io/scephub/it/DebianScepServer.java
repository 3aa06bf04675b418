package io.scephub.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code scepserver} (package {@code scep}, micromdm/scep 2.1) with a new 2048-bit CA in a
 * temporary depot, for interoperability tests; they talk to it on 127.0.0.1 only. When the binary
 * is missing the test fails under CI ({@code CI} or {@code SCEPHUB_REQUIRE_SCEP_INTEROP} set, as
 * .ci/run does after installing the package) and is skipped, naming the package, elsewhere.
 */
final class DebianScepServer implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/scepserver");

    private final Process process;
    private final int port;
    private final Path depot;

    private DebianScepServer(Process process, int port, Path depot) {
        this.process = process;
        this.port = port;
        this.depot = depot;
    }

    static void require() {
        String why = "Debian's scepserver is not installed: apt-get install -y scep (package scep, micromdm/scep)";
        boolean present = Files.isExecutable(BINARY);
        if (!present && (System.getenv("CI") != null || System.getenv("SCEPHUB_REQUIRE_SCEP_INTEROP") != null)) {
            throw new AssertionError(why);
        }
        Assumptions.assumeTrue(present, why);
    }

    /** Makes a CA in {@code dir}/depot and serves it with {@code challenge}. */
    static DebianScepServer start(Path dir, String challenge) throws IOException, InterruptedException {
        Path depot = dir.resolve("depot");
        Process init = new ProcessBuilder(BINARY.toString(), "ca", "-init", "-depot", depot.toString(), "-keySize", "2048",
                "-organization", "scephub interop").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("ca-init.log").toFile()).start();
        if (!init.waitFor(60, TimeUnit.SECONDS) || init.exitValue() != 0) {
            init.destroyForcibly();
            throw new AssertionError("scepserver ca -init failed: " + Files.readString(dir.resolve("ca-init.log")));
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        Process server = new ProcessBuilder(BINARY.toString(), "-depot", depot.toString(), "-port", Integer.toString(port),
                "-challenge", challenge).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("scepserver.log").toFile()).start();
        DebianScepServer started = new DebianScepServer(server, port, depot);
        started.awaitReady(dir);
        return started;
    }

    /** {@code http://127.0.0.1:<port>/scep}: micromdm's server path. */
    String url() {
        return "http://127.0.0.1:" + port + "/scep";
    }

    /** The CA certificate it serves, PEM. */
    Path caCertificate() {
        return depot.resolve("ca.pem");
    }

    private void awaitReady(Path dir) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("scepserver exited: " + Files.readString(dir.resolve("scepserver.log")));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url() + "?operation=GetCACaps"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new AssertionError("scepserver did not answer on " + url() + " within 30 s");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
