package io.scephub.hub.cds;

import io.scephub.core.spi.ConnectorProvider;
import io.scephub.hub.Providers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Build step: writes {@link Providers#INDEX} into the hub's classes before the jar is made, listing the connector
 * providers {@link java.util.ServiceLoader} finds on the hub's run-time class path, so that a start reads one list
 * from the hub's jar instead of opening every jar in {@code lib/}.
 *
 * <p>Usage: {@code java -cp <runtime class path> io.scephub.hub.cds.ProviderIndex CLASSES_DIR}.
 */
public final class ProviderIndex {
    private ProviderIndex() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ProviderIndex CLASSES_DIR (got " + args.length + " arguments)");
        }
        Path index = write(Path.of(args[0]));
        System.out.println(index + ": " + Files.readAllLines(index).size() + " connector providers");
    }

    /**
     * Writes the list under {@code classes} and returns its path. A list that is already there as it would be written is
     * left alone: a rewritten file would make Maven build the hub's jar again, and the class-data-sharing archives made
     * from the old jar would no longer be used by {@code ./scephub}, though nothing in it changed.
     */
    static Path write(Path classes) throws IOException {
        String names = Providers.scan().stream().map(p -> p.getClass().getName() + "\n").collect(Collectors.joining());
        if (names.isEmpty()) {
            throw new IllegalStateException("no " + ConnectorProvider.class.getName() + " on the class path: nothing to list");
        }
        Path index = classes.resolve(Providers.INDEX);
        if (Files.isRegularFile(index) && Files.readString(index, StandardCharsets.UTF_8).equals(names)) {
            return index;
        }
        Files.createDirectories(index.getParent());
        Files.writeString(index, names, StandardCharsets.UTF_8);
        return index;
    }
}
