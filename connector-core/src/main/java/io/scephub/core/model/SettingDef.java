package io.scephub.core.model;

import java.util.List;
import java.util.Optional;

/**
 * One setting a connector declares: its dotted key inside the connector's section, type, whether
 * it is required, default, allowed values and the one-line documentation used in the JSON Schema.
 */
public record SettingDef(String key, SettingType type, boolean required, Optional<Object> defaultValue,
                         List<String> allowedValues, String doc) {
    public SettingDef {
        allowedValues = List.copyOf(allowedValues);
    }

    public static SettingDef required(String key, SettingType type, String doc) {
        return new SettingDef(key, type, true, Optional.empty(), List.of(), doc);
    }

    public static SettingDef optional(String key, SettingType type, String doc) {
        return new SettingDef(key, type, false, Optional.empty(), List.of(), doc);
    }

    public static SettingDef withDefault(String key, SettingType type, Object defaultValue, String doc) {
        return new SettingDef(key, type, false, Optional.of(defaultValue), List.of(), doc);
    }

    public SettingDef oneOf(String... allowed) {
        return new SettingDef(key, type, required, defaultValue, List.of(allowed), doc);
    }
}
