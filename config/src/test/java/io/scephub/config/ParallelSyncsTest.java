package io.scephub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code state.parallelSyncs}: how many tenants sync at once, its defaults per kind of store, and its errors. */
class ParallelSyncsTest {
    @TempDir
    Path dir;

    @Test
    void theEmbeddedStoreRunsEveryTenantOfAHundredAtOnceAndPostgresSixteen() {
        assertThat(load("").syncsAtOnce()).isEqualTo(128);
        assertThat(load("").parallelSyncs()).isEmpty();
        assertThat(load("state:\n  jdbcUrl: jdbc:h2:mem:x\n").syncsAtOnce()).isEqualTo(128);
        assertThat(load("state:\n  jdbcUrl: jdbc:postgresql://db:5432/scephub\n").syncsAtOnce()).isEqualTo(16);
    }

    @Test
    void aConfiguredNumberWinsOnEitherStore() {
        assertThat(load("state:\n  parallelSyncs: 4\n").syncsAtOnce()).isEqualTo(4);
        assertThat(load("state:\n  jdbcUrl: jdbc:postgresql://db:5432/scephub\n  parallelSyncs: 40\n").syncsAtOnce()).isEqualTo(40);
        assertThat(load("state:\n  parallelSyncs: 256\n").syncsAtOnce()).isEqualTo(256);
    }

    @Test
    void zeroTooManyAndWordsAreReportedAtTheirLine() {
        assertThat(problem("0")).isEqualTo("scephub.yaml:7:18: state.parallelSyncs: 0 is out of range; expected 1 to 256");
        assertThat(problem("257")).isEqualTo("scephub.yaml:7:18: state.parallelSyncs: 257 is out of range; expected 1 to 256");
        assertThat(problem("many")).isEqualTo("scephub.yaml:7:18: state.parallelSyncs: \"many\" is not a whole number;"
                + " expected e.g. 2048");
    }

    private HubSettings.State load(String rest) {
        return StateYaml.load(dir, rest);
    }

    private String problem(String value) {
        return StateYaml.problem(dir, "parallelSyncs", value);
    }
}
