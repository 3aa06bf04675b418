package io.scephub.it;

import io.scephub.hub.HubEnvironment;
import io.scephub.hub.cli.ScephubCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/** Runs the real `scephub` command line in-process with its own environment and captured output. */
final class HubCli {
    private final Path workingDirectory;
    private final Map<String, String> env;

    HubCli(Path workingDirectory, Map<String, String> env) {
        this.workingDirectory = workingDirectory;
        this.env = env;
    }

    /** The exit code and everything printed. */
    record Run(int exitCode, String out, String err) {
        String all() {
            return out + "\n" + err;
        }
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ScephubCommand.commandLine(new HubEnvironment(env, workingDirectory, Clock.systemUTC()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code apply --auto-approve}, which must succeed (exit 0; the output is the failure's message). */
    Run applied() {
        Run apply = run("apply", "--auto-approve");
        org.assertj.core.api.Assertions.assertThat(apply.exitCode()).as(apply.all()).isZero();
        return apply;
    }
}
