package io.scephub.hub.state;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 store held by another process that cannot be reached (no AUTO_SERVER): a message that says so and what to do. */
class StateStoreInUseTest {
    @TempDir
    Path dir;

    @Test
    void anH2StoreHeldByAnotherProcessNamesTheFileAndPostgresInsteadOfAPoolError() throws Exception {
        Path file = dir.resolve("scephub");
        // Another process with the file open and no AUTO_SERVER port to connect to: H2's shell, waiting on its input.
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.h2.tools.Shell", "-url", "jdbc:h2:file:" + file, "-user", "sa")
                .redirectErrorStream(true).redirectOutput(dir.resolve("shell.log").toFile()).start();
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!Files.exists(dir.resolve("scephub.mv.db")) || !log().contains("sql>")) {
                if (Instant.now().isAfter(deadline) || !other.isAlive()) {
                    throw new IllegalStateException("the H2 shell did not open the file: " + log());
                }
                Thread.sleep(100);
            }
            assertThatThrownBy(() -> StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another scephub is using the state store " + dir.toAbsolutePath().resolve("scephub.mv.db"))
                    .hasMessageContaining("use PostgreSQL (state.jdbcUrl)")
                    .message().doesNotContain("PoolInitializationException");
        } finally {
            other.destroyForcibly();
            other.waitFor();
        }
    }

    private String log() throws IOException {
        Path log = dir.resolve("shell.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
