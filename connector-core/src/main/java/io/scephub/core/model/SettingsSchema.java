package io.scephub.core.model;

import java.util.List;
import java.util.Optional;

/** Everything a connector's config section may hold, declared by the connector (the Kafka Connect ConfigDef idea). */
public record SettingsSchema(String section, String doc, List<SettingDef> settings) {
    public SettingsSchema {
        settings = List.copyOf(settings);
    }

    public Optional<SettingDef> find(String key) {
        return settings.stream().filter(s -> s.key().equals(key)).findFirst();
    }
}
