package io.scephub.hub;

import io.scephub.core.spi.ConnectorProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The connector providers on the class path, found through {@link ServiceLoader}: the hub names no connector class. */
public record Providers(List<ConnectorProvider> all) {
    public Providers {
        all = List.copyOf(all);
    }

    public static Providers discover() {
        List<ConnectorProvider> found = new ArrayList<>();
        ServiceLoader.load(ConnectorProvider.class).forEach(found::add);
        found.sort(Comparator.comparing(ConnectorProvider::id));
        return new Providers(found);
    }

    public Optional<ConnectorProvider> byId(String id) {
        return all.stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
