package io.scephub.core.model;

import java.util.Arrays;
import java.util.Optional;

/** A device platform Okta Device Access supports. */
public enum Platform {
    MACOS("macos"),
    WINDOWS("windows");

    private final String configName;

    Platform(String configName) {
        this.configName = configName;
    }

    /** The spelling used in scephub.yaml. */
    public String configName() {
        return configName;
    }

    public static Optional<Platform> fromConfigName(String name) {
        return Arrays.stream(values()).filter(p -> p.configName.equals(name)).findFirst();
    }
}
