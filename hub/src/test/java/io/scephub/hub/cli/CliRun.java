package io.scephub.hub.cli;

import io.scephub.hub.HubEnvironment;
import io.scephub.hub.Providers;
import io.scephub.hub.Terminal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/** Runs the real command line in-process with captured output, chosen connectors and a scripted terminal. */
final class CliRun {
    /** The exit code and everything printed. */
    record Result(int exitCode, String out, String err) {
    }

    /** A terminal whose operator types the given answers, and which remembers the prompts. */
    static final class ScriptedTerminal implements Terminal {
        private final Deque<String> answers;
        final List<String> prompts = new ArrayList<>();

        ScriptedTerminal(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public boolean interactive() {
            return true;
        }

        @Override
        public Optional<String> readLine(String prompt) {
            prompts.add(prompt);
            return Optional.ofNullable(answers.poll());
        }
    }

    private final Path dir;
    private final Map<String, String> env;
    private final Providers providers;

    CliRun(Path dir, Map<String, String> env, Providers providers) {
        this.dir = dir;
        this.env = env;
        this.providers = providers;
    }

    Result run(String... args) {
        return run(Terminal.none(), args);
    }

    Result run(Terminal terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        HubEnvironment environment = new HubEnvironment(env, dir, Clock.systemUTC(), terminal);
        CommandLine cl = providers == null ? ScephubCommand.commandLine(environment) : ScephubCommand.commandLine(environment, providers);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
