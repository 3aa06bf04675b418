package io.scephub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A minimal scephub.yaml with a {@code state:} section, written to a test's directory and loaded, or refused. */
final class StateYaml {
    private StateYaml() {
    }

    /** The state settings of a minimal file followed by {@code rest}. */
    static HubSettings.State load(Path dir, String rest) {
        return new ConfigLoader(FakeProviders.all()).load(write(dir, ConfigLoaderTest.minimal(rest))).hub().state();
    }

    /** The one problem {@code state.<key>: <value>} is refused with, as rendered (file:line:column: path: message). */
    static String problem(Path dir, String key, String value) {
        Path file = write(dir, ConfigLoaderTest.minimal("state:\n  " + key + ": " + value + "\n"));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(FakeProviders.all()).load(file));
        assertThat(e).as(value).isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0).render();
    }

    private static Path write(Path dir, String yaml) {
        try {
            return Files.writeString(dir.resolve("scephub.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
