package io.scephub.hub.cli;

import io.scephub.config.ScephubConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code --tenant}: which tenants of scephub.yaml a command works on (default: all of them). */
public final class TenantOption {
    @Option(names = "--tenant", paramLabel = "NAME", split = ",",
            description = "Only this tenant (repeatable, or a comma-separated list; default: every tenant of the file).")
    List<String> tenants = new ArrayList<>();

    /** The tenants named, in the file's order, or every tenant; a name the file does not define is a usage error. */
    public List<String> select(ScephubConfig config) {
        Set<String> unknown = new LinkedHashSet<>(tenants);
        unknown.removeAll(config.tenantNames());
        if (!unknown.isEmpty()) {
            throw CliError.usage("--tenant: " + String.join(", ", unknown) + (unknown.size() == 1 ? " is" : " are")
                    + " not a tenant of " + config.source().getFileName() + "; it defines " + String.join(", ", config.tenantNames()));
        }
        if (tenants.isEmpty()) {
            return config.tenantNames();
        }
        return config.tenantNames().stream().filter(tenants::contains).toList();
    }
}
