package io.scephub.config;

import io.scephub.core.model.DesiredState;
import java.nio.file.Path;

/** A loaded and validated scephub.yaml: what to reconcile and how the hub itself runs. */
public record ScephubConfig(Path source, DesiredState desired, HubSettings hub) {
}
