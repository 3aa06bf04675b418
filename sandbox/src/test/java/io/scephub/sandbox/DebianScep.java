package io.scephub.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Debian's {@code scep} package binaries (micromdm/scep: {@code scepclient}, {@code scepserver}).
 * When a binary is missing the test fails under CI ({@code CI} or {@code SCEPHUB_REQUIRE_SCEP_INTEROP}
 * set, as .ci/run does after installing the package) and is skipped, with the command to install
 * it, on a developer machine.
 */
final class DebianScep {

    record Result(int exitCode, String output) {
    }

    private DebianScep() {
    }

    static void require(String binary) {
        boolean present = Files.isExecutable(Path.of("/usr/bin", binary));
        String why = "Debian's " + binary + " is not installed: apt-get install -y scep (package scep, micromdm/scep)";
        if (!present && (System.getenv("CI") != null || System.getenv("SCEPHUB_REQUIRE_SCEP_INTEROP") != null)) {
            throw new AssertionError(why);
        }
        Assumptions.assumeTrue(present, why);
    }

    static Result run(List<String> command, Path dir) {
        try {
            Path log = Files.createTempFile(dir, "scep", ".log");
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command.subList(0, 1)) + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("could not run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
