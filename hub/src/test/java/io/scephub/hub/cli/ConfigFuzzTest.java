package io.scephub.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.hub.HubEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * 1,000 mutations of examples/scephub.yaml (deleted lines, swapped types, huge values and keys,
 * deep nesting, invalid UTF-8, control characters, anchors and alias bombs) through {@code validate}:
 * each one passes or fails with located problems; none fails with an internal error, a stack
 * trace or anything on stderr. The seed is fixed, so a failure reproduces; it is printed with the input.
 */
class ConfigFuzzTest {
    static final Path EXAMPLES = Path.of("..", "examples");
    static final int RUNS = 1_000;
    static final List<String> SWAPS = List.of("[]", "{}", "123", "-1", "1e400", "true", "null", "~", "[a, b]", "{a: 1}", "\"\"",
            "!!binary AAAA", "!!python/object:os.system x", "*undefined", "&a x", "'${env:}'", "${file:}", "0x1F", ".nan",
            "2026-12-01", "|\n  block", "? complex", "- item", "\"\\u0000\"", "\"\\x7f\"");

    @TempDir
    Path dir;

    @Test
    void everyMutationPassesOrFailsWithLocatedProblems() throws Exception {
        copyExamples();
        byte[] example = Files.readAllBytes(dir.resolve("scephub.yaml"));
        Reused cli = new Reused(ScephubCommand.commandLine(new HubEnvironment(Map.of(), dir, Clock.systemUTC())));
        CliRun.Result baseline = cli.run("validate", "--output", "json");
        assertThat(baseline.exitCode()).as(baseline.out()).isZero();

        Random random = new Random(20261201);
        int valid = 0;
        for (int run = 0; run < RUNS; run++) {
            byte[] input = mutate(example, random);
            Path file = dir.resolve("fuzz.yaml");
            Files.write(file, input);
            CliRun.Result r = cli.run("validate", "--output", "json", "--config", "fuzz.yaml");
            String context = "run " + run + " input (first 300 bytes): " + new String(input, 0, Math.min(300, input.length),
                    StandardCharsets.UTF_8) + "\nout: " + r.out() + "\nerr: " + r.err();

            assertThat(r.exitCode()).as(context).isIn(0, 1);
            assertThat(r.err()).as(context).isEmpty();
            JsonNode json = new ObjectMapper().readTree(r.out());
            assertThat(json.has("valid")).as("not an internal error: " + context).isTrue();
            if (r.exitCode() == 0) {
                valid++;
                continue;
            }
            assertThat(json.path("problems")).as(context).isNotEmpty();
            for (JsonNode p : json.path("problems")) {
                String message = p.path("message").asText();
                assertThat(message).as(context).isNotBlank().doesNotContain("Exception").hasSizeLessThan(600);
                assertThat(p.path("line").asInt() > 0 || message.startsWith("is larger than 1 MiB"))
                        .as("located: " + p + "\n" + context).isTrue();
            }
            if (run % 50 == 0) {
                CliRun.Result text = cli.run("validate", "--config", "fuzz.yaml");
                assertThat(text.err()).as(context).doesNotContain("\tat ").doesNotContain("Exception");
                assertThat(text.out()).isEmpty();
            }
        }
        // The mutations must mostly break the file, or they test nothing.
        assertThat(valid).isLessThan(RUNS / 4);
    }

    /** One command line for every run: building it costs more than a validate, and picocli resets options per parse. */
    private static final class Reused {
        private final CommandLine cl;
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();

        Reused(CommandLine cl) {
            this.cl = cl;
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
        }

        CliRun.Result run(String... args) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            int code = cl.execute(args);
            return new CliRun.Result(code, out.toString(), err.toString());
        }
    }

    private void copyExamples() throws Exception {
        Files.copy(EXAMPLES.resolve("scephub.yaml"), dir.resolve("scephub.yaml"));
        Files.createDirectories(dir.resolve("certs"));
        try (Stream<Path> certs = Files.list(EXAMPLES.resolve("certs"))) {
            for (Path cert : certs.toList()) {
                Files.copy(cert, dir.resolve("certs").resolve(cert.getFileName()));
            }
        }
    }

    static byte[] mutate(byte[] example, Random random) {
        List<String> lines = new ArrayList<>(List.of(new String(example, StandardCharsets.UTF_8).split("\n", -1)));
        int mutations = 1 + random.nextInt(3);
        byte[] raw = null;
        for (int m = 0; m < mutations; m++) {
            int at = random.nextInt(lines.size());
            switch (random.nextInt(12)) {
                case 0 -> lines.remove(at);
                case 1 -> {
                    int to = Math.min(lines.size(), at + 1 + random.nextInt(15));
                    lines.subList(at, to).clear();
                    if (lines.isEmpty()) {
                        lines.add("");
                    }
                }
                case 2, 3 -> lines.set(at, swapValue(lines.get(at), SWAPS.get(random.nextInt(SWAPS.size()))));
                case 4 -> lines.set(at, swapValue(lines.get(at), "x".repeat(1 + random.nextInt(200_000))));
                case 5 -> lines.add(at, indentOf(lines.get(at)) + "k".repeat(1 + random.nextInt(1_100)) + ": v");
                case 6 -> lines.set(at, swapValue(lines.get(at), "[".repeat(1 + random.nextInt(5_000))));
                case 7 -> lines.add(at, nestedMappings(random.nextInt(80), indentOf(lines.get(at))));
                case 8 -> lines.add(aliasBomb(random.nextInt(40)));
                case 9 -> lines.set(at, lines.get(at) + (char) random.nextInt(32));
                case 10 -> lines.add(at, lines.get(at));
                default -> lines.set(at, " ".repeat(random.nextInt(5)) + lines.get(at).strip());
            }
        }
        byte[] text = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        int special = random.nextInt(20);
        if (special == 0) {
            // Bytes that are not UTF-8, somewhere in the file.
            raw = text.clone();
            for (int i = 0; i < 1 + random.nextInt(3); i++) {
                raw[random.nextInt(raw.length)] = (byte) (0x80 + random.nextInt(0x80));
            }
            return raw;
        }
        if (special == 1) {
            // Over the size limit.
            ByteArrayOutputStream big = new ByteArrayOutputStream();
            while (big.size() <= 1024 * 1024) {
                big.writeBytes(text);
            }
            return big.toByteArray();
        }
        if (special == 2) {
            // An anchor on a group list shared by an alias: legitimate YAML that must keep working.
            return new String(text, StandardCharsets.UTF_8).replaceFirst("include: \\[", "include: &shared [")
                    .replaceFirst("exclude: \\[[^]]*]", "exclude: *shared").getBytes(StandardCharsets.UTF_8);
        }
        return text;
    }

    private static String swapValue(String line, String value) {
        int colon = line.indexOf(": ");
        if (colon < 0) {
            return line.startsWith("-") || line.strip().startsWith("-") ? indentOf(line) + "- " + value : line + " " + value;
        }
        return line.substring(0, colon + 2) + value;
    }

    private static String indentOf(String line) {
        return line.substring(0, line.length() - line.stripLeading().length());
    }

    private static String nestedMappings(int depth, String indent) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            sb.append(indent).append("  ".repeat(i)).append("n").append(i).append(":\n");
        }
        return sb.append(indent).append("  ".repeat(depth)).append("leaf: 1").toString();
    }

    private static String aliasBomb(int levels) {
        StringBuilder sb = new StringBuilder("bomb0: &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= levels; i++) {
            sb.append("bomb").append(i).append(": &b").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                sb.append(j == 0 ? "" : ", ").append("*b").append(i - 1);
            }
            sb.append("]\n");
        }
        return sb.toString();
    }
}
