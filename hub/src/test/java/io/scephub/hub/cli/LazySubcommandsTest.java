package io.scephub.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.hub.HubEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The executable's command line builds only the subcommand it runs; help and mistakes still see them all. */
class LazySubcommandsTest {
    private static final HubEnvironment ENV = new HubEnvironment(Map.of(), Path.of("."), Clock.systemUTC());

    @Test
    void aChosenSubcommandIsTheOnlyOneBuilt() {
        CommandLine validate = ScephubCommand.commandLine(ENV, "validate", "--config", "scephub.yaml");
        assertThat(validate.getSubcommands()).containsOnlyKeys("validate");
        assertThat(ScephubCommand.commandLine(ENV, "renewal", "forecast").getSubcommands()).containsOnlyKeys("renewal");
    }

    @Test
    void versionBuildsNoSubcommandAndStillPrintsTheVersion() {
        CommandLine version = ScephubCommand.commandLine(ENV, "--version");
        assertThat(version.getSubcommands()).isEmpty();
        StringWriter out = new StringWriter();
        version.setOut(new PrintWriter(out));

        assertThat(version.execute("--version")).isZero();
        assertThat(out.toString()).startsWith("scephub ");
    }

    @Test
    void helpNoArgumentsAndUnknownNamesSeeEverySubcommandInOrder() {
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"help", "plan"},
                new String[] {"valdiate"})) {
            assertThat(List.copyOf(ScephubCommand.commandLine(ENV, args).getSubcommands().keySet()))
                    .as(String.join(" ", args)).isEqualTo(ScephubCommand.SUBCOMMANDS);
        }
        assertThat(List.copyOf(ScephubCommand.commandLine(ENV).getSubcommands().keySet())).isEqualTo(ScephubCommand.SUBCOMMANDS);
    }

    @Test
    void everyNameBuildsTheCommandOfThatName() {
        for (String name : ScephubCommand.SUBCOMMANDS) {
            assertThat(new CommandLine(ScephubCommand.subcommand(name)).getCommandName()).isEqualTo(name);
        }
    }

    @Test
    void aLazyCommandLinePrintsTheSameUsageAsTheFullOne() {
        assertThat(usage(ScephubCommand.commandLine(ENV, "plan", "--help").getSubcommands().get("plan")))
                .isEqualTo(usage(ScephubCommand.commandLine(ENV).getSubcommands().get("plan")));
    }

    private static String usage(CommandLine cl) {
        StringWriter out = new StringWriter();
        cl.usage(new PrintWriter(out));
        return out.toString();
    }
}
