package io.scephub.hub.cds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingRunTest {
    @Test
    void commandsAreSplitAtEachSeparatorAndEmptyOnesDropped() {
        String[] args = {"validate", "--config", "a.yaml", "--then", "--then", "status", "devices", "--config", "b.yaml",
                "--then", "renewal", "forecast", "--output", "json", "--then"};

        assertThat(TrainingRun.commands(args)).containsExactly(
                List.of("validate", "--config", "a.yaml"),
                List.of("status", "devices", "--config", "b.yaml"),
                List.of("renewal", "forecast", "--output", "json"));
    }

    @Test
    void noArgumentsAreNoCommands() {
        assertThat(TrainingRun.commands(new String[0])).isEmpty();
    }
}
