package io.scephub.hub;

import io.scephub.core.spi.ConnectorProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The connector providers on the class path, found through {@link ServiceLoader}: the hub names no connector class. */
public record Providers(List<ConnectorProvider> all) {
    /**
     * The providers' class names as {@link ServiceLoader} found them when the hub was packaged (written by
     * {@link io.scephub.hub.cds.ProviderIndex}), one a line, inside the hub's own jar. ServiceLoader reads
     * {@code META-INF/services} from every jar on the class path, which opens all of {@code lib/} (the 100 MB Graph
     * SDK's 80,000-entry directory among them) and cost each command 150-200 ms of CPU; the list is read from the
     * first jar.
     */
    public static final String INDEX = "META-INF/scephub/connector-providers";

    public Providers {
        all = List.copyOf(all);
    }

    /** The packaged list when there is one and all its classes load (the launcher's case), else ServiceLoader's. */
    public static Providers discover() {
        List<ConnectorProvider> found = new ArrayList<>(indexed().orElseGet(Providers::scan));
        found.sort(Comparator.comparing(ConnectorProvider::id));
        return new Providers(found);
    }

    /** Every provider {@link ServiceLoader} finds on the class path, in its order. */
    public static List<ConnectorProvider> scan() {
        List<ConnectorProvider> found = new ArrayList<>();
        ServiceLoader.load(ConnectorProvider.class).forEach(found::add);
        return found;
    }

    /**
     * The providers the packaged list names. Empty without the list (tests, a class-path run) or when one of its
     * classes is not on this class path (a list left from another build): ServiceLoader then decides, as it always did.
     */
    static Optional<List<ConnectorProvider>> indexed() {
        ClassLoader loader = Providers.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(INDEX)) {
            return in == null ? Optional.empty() : listed(in, loader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX + " from the hub's jar", e);
        }
    }

    /** The providers a list names, created through {@code loader}; empty when one of the classes is not there. */
    static Optional<List<ConnectorProvider>> listed(InputStream index, ClassLoader loader) throws IOException {
        List<ConnectorProvider> found = new ArrayList<>();
        for (String name : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                found.add(Class.forName(name.strip(), true, loader).asSubclass(ConnectorProvider.class)
                        .getConstructor().newInstance());
            } catch (ClassNotFoundException e) {
                return Optional.empty();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create connector provider " + name.strip() + " listed in " + INDEX + ": " + e, e);
            }
        }
        return Optional.of(found);
    }

    public Optional<ConnectorProvider> byId(String id) {
        return all.stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
