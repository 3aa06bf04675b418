package io.scephub.hub.cli;

import io.scephub.config.ConfigException;
import io.scephub.core.error.ScephubException;
import io.scephub.hub.HubEnvironment;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root {@code scephub} command; every subcommand reaches the environment through it. */
@Command(name = "scephub", mixinStandardHelpOptions = true, versionProvider = ScephubCommand.Version.class,
        description = "Okta Device Access SCEP set-up as code: validate, plan and apply scephub.yaml against Okta and your MDMs.",
        subcommands = {ValidateCommand.class, PlanCommand.class, ApplyCommand.class, DemoCommand.class,
                SchemaCommand.class, CertCommand.class, VerifyChallengeCommand.class, SyncCommand.class, ServeCommand.class, DoctorCommand.class, RenewalCommand.class,
                AuditCommand.class,
                CommandLine.HelpCommand.class})
public final class ScephubCommand implements Runnable {
    /** Exit code of a command that failed (usage, config, vendor or I/O errors). */
    public static final int EXIT_ERROR = 1;
    /** Exit code of {@code plan} when something would change. */
    public static final int EXIT_CHANGES = 2;

    private final HubEnvironment env;

    @Spec
    private CommandSpec spec;

    public ScephubCommand(HubEnvironment env) {
        this.env = env;
    }

    public HubEnvironment env() {
        return env;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line whose errors print as one clear message per problem, never as stack traces. */
    public static CommandLine commandLine(HubEnvironment env) {
        CommandLine cl = new CommandLine(new ScephubCommand(env));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof ConfigException config) {
                err.println(config.getMessage());
            } else if (ex instanceof ScephubException known) {
                err.println("error: " + known.getMessage());
            } else {
                err.println("error: " + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
            }
            err.flush();
            return EXIT_ERROR;
        });
        cl.setExitCodeExceptionMapper(ex -> EXIT_ERROR);
        return cl;
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ScephubCommand.class.getPackage().getImplementationVersion();
            return new String[] {"scephub " + (v == null ? "development build" : v)};
        }
    }
}
