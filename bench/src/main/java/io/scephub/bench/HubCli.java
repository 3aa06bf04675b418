package io.scephub.bench;

import io.scephub.hub.HubEnvironment;
import io.scephub.hub.cli.ScephubCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** The real `scephub` command line, run in this JVM with its own environment and captured output. */
final class HubCli {
    private final Path workingDirectory;
    private final Map<String, String> env;

    HubCli(Path workingDirectory, Map<String, String> env) {
        this.workingDirectory = workingDirectory;
        this.env = Map.copyOf(env);
    }

    /** The exit code and everything printed. */
    record Run(int exitCode, String out, String err) {
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = ScephubCommand.commandLine(new HubEnvironment(env, workingDirectory, Clock.systemUTC()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The options that make {@code apply} run without asking for confirmation. */
    String[] applyArgs(Path config) {
        return new String[] {"apply", "--auto-approve", "--output", "json", "--config", config.toString()};
    }
}
