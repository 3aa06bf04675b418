package io.scephub.hub.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.config.ConfigException;
import io.scephub.config.ScephubConfig;
import io.scephub.core.check.CheckResult;
import io.scephub.hub.Hub;
import io.scephub.hub.HubSession;
import io.scephub.hub.KeptReadsMode;
import io.scephub.hub.check.OnlineValidation;
import java.util.List;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scephub validate}: checks the file offline and reports every problem at once; {@code --online} then checks the vendors. */
@Command(name = "validate", description = {"Check scephub.yaml offline (no vendor calls, secrets need not be set).",
        "With --online, also check every enrollment against Okta and the MDMs."})
public final class ValidateCommand extends ConfiguredCommand {
    @Option(names = "--online", description = {"After the offline checks, resolve secrets, read Okta and the MDMs and check each"
            + " enrollment is set up as configured (Okta configuration active, chain, MDM profile URL, EKU, level, scope).",
            "Exit code: 0 all passed, 3 a check failed, 1 error."})
    private boolean online;

    @Mixin
    private TenantOption tenant;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Hub hub = root.newHub()) {
            ScephubConfig config = hub.load(options.config);
            List<String> tenants = tenant.select(config);
            if (online) {
                return PerTenant.sequential(spec.commandLine(), options.output == ConfigOptions.OutputFormat.json, config, tenants,
                        one -> online(hub, one));
            }
            if (config.tenanted()) {
                // Offline the whole file is checked; the counts are those of the tenants asked about.
                long enrollments = tenants.stream().mapToLong(t -> config.tenant(t).orElseThrow().desired().enrollments().size()).sum();
                if (options.output == ConfigOptions.OutputFormat.json) {
                    ObjectNode json = new ObjectMapper().createObjectNode();
                    json.put("valid", true);
                    json.put("file", options.config.toString());
                    json.put("enrollments", enrollments);
                    ObjectNode byTenant = json.putObject("tenants");
                    tenants.forEach(t -> byTenant.put(t, config.tenant(t).orElseThrow().desired().enrollments().size()));
                    json.putArray("problems");
                    out.println(json.toPrettyString());
                } else {
                    out.println(options.config + " is valid: " + tenants.size() + " tenant(s), " + enrollments + " enrollment(s).");
                    for (String t : tenants) {
                        var desired = config.tenant(t).orElseThrow().desired();
                        out.println("  " + t + ": " + desired.enrollments().size() + " enrollment(s), connectors "
                                + String.join(", ", desired.connectors().keySet().stream().sorted().toList()));
                    }
                }
                return 0;
            }
            return offline(config, out);
        } catch (ConfigException e) {
            return invalid(e, out);
        }
    }

    /** After the offline checks, each enrollment of one tenant against its vendors. */
    private int online(Hub hub, ScephubConfig config) {
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = Progress.of(spec, options.output, root.env().clock());
        progress.start("Checking " + config.desired().enrollments().size() + " enrollment(s) against "
                + String.join(", ", config.desired().connectors().keySet().stream().sorted().toList()));
        try (HubSession session = hub.open(config, KeptReadsMode.CHECK)) {
            List<CheckResult> results = new OnlineValidation(session).run();
            progress.done("Checked " + results.size() + " item(s)");
            CheckOutput.printValidation(results, options.output, out);
            return results.stream().anyMatch(CheckResult::failed) ? CertCheckCommand.EXIT_CHECK_FAILED : 0;
        }
    }

    private int offline(ScephubConfig config, PrintWriter out) {
        {
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
        }
    }

    private int invalid(ConfigException e, PrintWriter out) {
        {
            if (options.output == ConfigOptions.OutputFormat.json) {
                ObjectNode json = new ObjectMapper().createObjectNode();
                json.put("valid", false);
                json.put("file", options.config.toString());
                ErrorOutput.problems(json.putArray("problems"), e.problems());
                out.println(json.toPrettyString());
            } else {
                spec.commandLine().getErr().println(e.getMessage());
            }
            return ScephubCommand.EXIT_ERROR;
        }
    }
}
