package io.scephub.hub.cli;

import io.scephub.config.JsonSchemaGenerator;
import io.scephub.hub.Providers;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scephub schema}: prints the JSON Schema of scephub.yaml for the connectors on the class path. */
@Command(name = "schema", description = "Print the JSON Schema of scephub.yaml (for editor completion; docs/scephub.schema.json holds a copy).")
public final class SchemaCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(new JsonSchemaGenerator(Providers.discover().all()).generate().toPrettyString());
        return 0;
    }
}
