package io.scephub.hub.cli;

import io.scephub.hub.Hub;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.Providers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/** The root {@code scephub} command; every subcommand reaches the environment through it. */
@Command(name = "scephub", mixinStandardHelpOptions = true, versionProvider = ScephubCommand.Version.class,
        description = "Okta Device Access SCEP set-up as code: validate, plan and apply scephub.yaml against Okta and your MDMs.")
public final class ScephubCommand implements Runnable {
    /**
     * The hub's own subcommands, in the order help lists them. They are added in code rather than by
     * the annotation so that a command line for one chosen subcommand builds (and loads) only that one.
     */
    static final List<String> SUBCOMMANDS = List.of("validate", "plan", "apply", "schema", "cert",
            "verify-challenge", "sync", "serve", "doctor", "renewal", "status", "audit", "promote", "help");
    /** Plugged subcommands (such as demo from the hub-demo jar) are listed after this one. */
    private static final String PLUGGED_AFTER = "apply";

    /** Exit code of a command that failed (usage, config, vendor or I/O errors). */
    public static final int EXIT_ERROR = 1;
    /** Exit code of {@code plan} when something would change. */
    public static final int EXIT_CHANGES = 2;

    static {
        // picocli's default factory looks for groovy.lang.Closure unless told not to: a class that is not there,
        // so the class loader searched every jar in lib/ for it (opening all 126, the 100 MB Graph SDK among them)
        // on every start, --version included. scephub has no Groovy; picocli documents this switch.
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
        // Every CommandLine (one per command) registers picocli's built-in converters, and those for java.time and java.sql
        // types are found by Class.forName and reflection: it initialised java.time's formatters (DateTimeFormatterBuilder,
        // MonthDay) at every start. No scephub option has such a type; picocli documents this switch.
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", "java\\.time\\..*,java\\.sql\\..*");
        }
    }

    private final HubEnvironment env;
    /** Null: the connectors on the class path (ServiceLoader); tests pass doubles. */
    private final Providers providers;

    @Spec
    private CommandSpec spec;

    public ScephubCommand(HubEnvironment env) {
        this(env, null);
    }

    private ScephubCommand(HubEnvironment env, Providers providers) {
        this.env = env;
        this.providers = providers;
    }

    public HubEnvironment env() {
        return env;
    }

    /** A hub over this command line's connectors, for one-shot commands (vendor calls logged, not measured). */
    public Hub newHub() {
        return providers == null ? Hub.create(env) : Hub.create(env, providers);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line whose errors print once, as one clear message per problem (JSON with --output json), never as stack traces. */
    public static CommandLine commandLine(HubEnvironment env) {
        return configure(new CommandLine(new ScephubCommand(env)), all());
    }

    /**
     * As {@link #commandLine(HubEnvironment)} for these arguments: with only the subcommand they name
     * ({@code validate ...}) or none ({@code --version}), so start-up builds nothing else; with all of
     * them when the arguments need the whole list (help, no arguments, a mistyped name).
     */
    public static CommandLine commandLine(HubEnvironment env, String... args) {
        return configure(new CommandLine(new ScephubCommand(env)), chosen(args));
    }

    /** As {@link #commandLine(HubEnvironment)}, with these connector providers instead of the class path's. */
    public static CommandLine commandLine(HubEnvironment env, Providers providers) {
        return configure(new CommandLine(new ScephubCommand(env, providers)), all());
    }

    /** The subcommands these arguments can reach. */
    static List<String> chosen(String... args) {
        if (args.length > 0 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return List.of();
        }
        if (args.length > 0 && !args[0].equals("help") && SUBCOMMANDS.contains(args[0])) {
            return List.of(args[0]);
        }
        if (args.length > 0 && plugged(args[0]).isPresent()) {
            return List.of(args[0]);
        }
        return all();
    }

    /** The hub's subcommands and the plugged ones on the class path, in the order help lists them. */
    static List<String> all() {
        List<String> names = ServiceLoader.load(PluggedCommand.class).stream().map(p -> p.get().name()).sorted().toList();
        if (names.isEmpty()) {
            return SUBCOMMANDS;
        }
        List<String> all = new ArrayList<>(SUBCOMMANDS);
        all.addAll(all.indexOf(PLUGGED_AFTER) + 1, names);
        return List.copyOf(all);
    }

    private static Optional<PluggedCommand> plugged(String name) {
        return ServiceLoader.load(PluggedCommand.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(name)).findFirst();
    }

    /** A new subcommand object; a switch rather than a table, so that no other command's class is loaded. */
    static Object subcommand(String name) {
        return switch (name) {
            case "validate" -> new ValidateCommand();
            case "plan" -> new PlanCommand();
            case "apply" -> new ApplyCommand();
            case "schema" -> new SchemaCommand();
            case "cert" -> new CertCommand();
            case "verify-challenge" -> new VerifyChallengeCommand();
            case "sync" -> new SyncCommand();
            case "serve" -> new ServeCommand();
            case "doctor" -> new DoctorCommand();
            case "renewal" -> new RenewalCommand();
            case "status" -> new StatusCommand();
            case "audit" -> new AuditCommand();
            case "promote" -> new PromoteCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> plugged(name).map(PluggedCommand::create)
                    .orElseThrow(() -> new IllegalArgumentException("no scephub subcommand " + name));
        };
    }

    private static CommandLine configure(CommandLine cl, List<String> subcommands) {
        subcommands.forEach(name -> cl.addSubcommand(name, subcommand(name)));
        addHelpOptions(cl);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
                ErrorOutput.print(ex, commandLine, ErrorOutput.wantsJson(parseResult)));
        cl.setParameterExceptionHandler((ex, args) -> ErrorOutput.printUsage(ex, ErrorOutput.wantsJson(args)));
        cl.setExitCodeExceptionMapper(ex -> EXIT_ERROR);
        return cl;
    }

    /** {@code -h} and {@code --help} on every subcommand, however deep. */
    private static void addHelpOptions(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        if (spec.findOption("--help") == null) {
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        cl.getSubcommands().values().forEach(ScephubCommand::addHelpOptions);
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Optional.ofNullable(ScephubCommand.class.getPackage().getImplementationVersion()).orElse("development build");
            return new String[] {"scephub " + v};
        }
    }
}
