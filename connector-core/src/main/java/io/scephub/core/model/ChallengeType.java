package io.scephub.core.model;

import java.util.Arrays;
import java.util.Optional;

/** How the SCEP challenge reaches the device: one shared secret, one fetched per device, or one signed by the MDM. */
public enum ChallengeType {
    STATIC("static"),
    DYNAMIC("dynamic"),
    DELEGATED("delegated");

    private final String configName;

    ChallengeType(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Optional<ChallengeType> fromConfigName(String name) {
        return Arrays.stream(values()).filter(c -> c.configName.equals(name)).findFirst();
    }
}
