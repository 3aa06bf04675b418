package io.scephub.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Errors print once; with --output json they are JSON on stdout, whatever went wrong. */
class CliErrorsTest {
    @TempDir
    Path dir;

    CliRun cli() {
        return new CliRun(dir, Map.of(), null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "plan", "apply", "sync", "doctor", "renewal forecast"})
    void aMissingConfigIsJsonWithItsPathUnderOutputJson(String command) throws Exception {
        String[] args = (command + " --output json --auto-approve --device d --config absent.yaml").split(" ");
        if (!command.equals("apply")) {
            args = java.util.Arrays.stream(args).filter(a -> !a.equals("--auto-approve")).toArray(String[]::new);
        }
        if (!command.equals("doctor")) {
            args = java.util.Arrays.stream(args).filter(a -> !a.equals("--device") && !a.equals("d")).toArray(String[]::new);
        }
        CliRun.Result r = cli().run(args);

        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(r.out());
        JsonNode problems = command.equals("validate") ? json.path("problems") : json.path("error").path("problems");
        assertThat(problems.get(0).path("message").asText()).startsWith("file not found (" + dir.resolve("absent.yaml"));
        assertThat(r.err()).isEmpty();
    }

    @Test
    void anInvalidPathIsJsonToo() throws Exception {
        CliRun.Result r = cli().run("plan", "--output", "json", "--config", "bad\0path");

        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode error = new ObjectMapper().readTree(r.out()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("USAGE");
        assertThat(error.path("message").asText()).contains("--config");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void anInvalidTokenPathIsNamedWithoutAStackTrace() throws Exception {
        CliRun.Result r = cli().run("verify-challenge", "--output", "json", "--token", "bad\0path");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(r.out()).path("error").path("message").asText()).startsWith("not a valid path");
    }

    @Test
    void unknownOptionsExitWithOneNotTheChangesCode() throws Exception {
        CliRun.Result text = cli().run("plan", "--bogus");
        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.err()).isEqualTo("error: Unknown option: '--bogus'\nTry 'scephub plan --help' for usage.\n");

        CliRun.Result json = cli().run("plan", "-o", "json", "--bogus");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(json.out()).path("error").path("message").asText()).isEqualTo("Unknown option: '--bogus'");
    }

    @Test
    void aTokenDirectoryIsCalledADirectory() throws Exception {
        Files.createDirectories(dir.resolve("tokens"));

        CliRun.Result r = cli().run("verify-challenge", "--token", "tokens");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: token file " + dir.resolve("tokens") + " is a directory; expected the file that holds the token\n");
    }

    @Test
    void aConfigErrorIsPrintedOnce() throws Exception {
        Files.writeString(dir.resolve("scephub.yaml"), "version: 2\n");

        CliRun.Result r = cli().run("plan");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().split("is not a supported version", -1)).hasSize(2);
    }
}
