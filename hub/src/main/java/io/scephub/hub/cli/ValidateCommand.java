package io.scephub.hub.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.config.ConfigException;
import io.scephub.config.ConfigProblem;
import io.scephub.config.ScephubConfig;
import io.scephub.hub.Hub;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code scephub validate}: checks the file offline, without secrets, and reports every problem at once. */
@Command(name = "validate", description = "Check scephub.yaml offline (no vendor calls, secrets need not be set).")
public final class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    private ScephubCommand root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Hub hub = Hub.create(root.env())) {
            ScephubConfig config = hub.load(options.config);
            if (options.output == ConfigOptions.OutputFormat.json) {
                ObjectNode json = new ObjectMapper().createObjectNode();
                json.put("valid", true);
                json.put("file", options.config.toString());
                json.put("enrollments", config.desired().enrollments().size());
                json.putArray("problems");
                out.println(json.toPrettyString());
            } else {
                out.println(options.config + " is valid: " + config.desired().enrollments().size() + " enrollment(s), connectors "
                        + String.join(", ", config.desired().connectors().keySet().stream().sorted().toList()) + ".");
            }
            return 0;
        } catch (ConfigException e) {
            if (options.output == ConfigOptions.OutputFormat.json) {
                ObjectNode json = new ObjectMapper().createObjectNode();
                json.put("valid", false);
                json.put("file", options.config.toString());
                var problems = json.putArray("problems");
                for (ConfigProblem p : e.problems()) {
                    ObjectNode n = problems.addObject();
                    n.put("file", String.valueOf(p.file()));
                    n.put("line", p.line());
                    n.put("column", p.column());
                    n.put("path", p.path());
                    n.put("message", p.message());
                }
                out.println(json.toPrettyString());
            } else {
                spec.commandLine().getErr().println(e.getMessage());
            }
            return ScephubCommand.EXIT_ERROR;
        }
    }
}
