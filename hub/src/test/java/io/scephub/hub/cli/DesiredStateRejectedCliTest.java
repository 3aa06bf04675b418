package io.scephub.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A group the MDM does not have stops plan and apply with an error at its line, like any configuration error. */
class DesiredStateRejectedCliTest {
    @TempDir
    Path dir;

    VendorDouble vendor;
    CliRun cli;

    @BeforeEach
    void config() throws Exception {
        vendor = new VendorDouble("Pilot");
        cli = new CliRun(dir, Map.of("OKTA_TOKEN", "t", "DOUBLE_SECRET", "s"), vendor.providers());
        Files.writeString(dir.resolve("scephub.yaml"), VendorDouble.HEAD
                + VendorDouble.enrollment("win", "Pilot")
                + VendorDouble.enrollment("win-wave2", "Pilot", "Wave 2"));
    }

    @Test
    void planPlacesTheUnknownGroupAtItsLineAndExitsAsForInvalidConfig() throws Exception {
        int line = lineOf("- \"Wave 2\"");

        CliRun.Result r = cli.run("plan");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("1 problem in the configuration, found by reading the vendors:\n"
                + "  scephub.yaml:" + line + ":13: enrollments[1].groups.include[1]: no group named 'Wave 2' in the double's directory");
        assertThat(r.err().split("no group named", -1)).as("printed once").hasSize(2);
    }

    @Test
    void applyStopsBeforeWritingAnything() {
        CliRun.Result r = cli.run("apply", "--auto-approve");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("enrollments[1].groups.include[1]");
        assertThat(vendor.objects).isEmpty();
        assertThat(vendor.writes.get()).isZero();
    }

    @Test
    void jsonOutputCarriesTheLocatedProblems() throws Exception {
        CliRun.Result r = cli.run("plan", "--output", "json");

        JsonNode error = new ObjectMapper().readTree(r.out()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("DESIRED_STATE_REJECTED");
        JsonNode problem = error.path("problems").get(0);
        assertThat(problem.path("line").asInt()).isEqualTo(lineOf("- \"Wave 2\""));
        assertThat(problem.path("path").asText()).isEqualTo("enrollments[1].groups.include[1]");
        assertThat(r.err()).isEmpty();
    }

    private int lineOf(String text) throws Exception {
        var lines = Files.readAllLines(dir.resolve("scephub.yaml"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text);
    }
}
