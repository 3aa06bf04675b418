package io.scephub.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.hub.HubEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command, however deep, answers -h and --help with its usage and exit code 0. */
class CliHelpTest {
    @TempDir
    Path dir;

    static List<String> commands() {
        List<String> all = new ArrayList<>();
        collect(ScephubCommand.commandLine(new HubEnvironment(Map.of(), Path.of("."), Clock.systemUTC())), "", all);
        return all;
    }

    private static void collect(CommandLine cl, String prefix, List<String> into) {
        cl.getSubcommands().forEach((name, sub) -> {
            String path = (prefix + " " + name).strip();
            into.add(path);
            collect(sub, path, into);
        });
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpAndHAreAnsweredWithTheUsage(String command) {
        for (String flag : List.of("--help", "-h")) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.add(flag);
            CliRun.Result r = new CliRun(dir, Map.of(), null).run(args.toArray(String[]::new));

            assertThat(r.exitCode()).as(command + " " + flag + "\n" + r.err()).isZero();
            assertThat(r.out()).as(command + " " + flag).contains("Usage: scephub " + command + " ").contains("-h, --help");
            assertThat(r.err()).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void everyCommandIsCovered() {
        assertThat(commands()).contains("validate", "plan", "apply", "sync", "serve", "demo", "doctor", "verify-challenge",
                "cert", "cert check", "renewal", "renewal forecast", "schema", "help");
    }
}
