package io.scephub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong paths and hostile files fail fast with one located problem, never by exhausting memory. */
class ConfigFileLimitsTest {
    @TempDir
    Path dir;

    final ConfigLoader loader = new ConfigLoader(FakeProviders.all());

    @Test
    void aDeviceIsRefusedWithoutBeingRead() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "needs /dev/zero");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(zero));

        assertThat(e.problems()).singleElement().satisfies(p ->
                assertThat(p.render()).isEqualTo("/dev/zero: is not a regular file (/dev/zero is a device, pipe or socket);"
                        + " expected a YAML file"));
    }

    @Test
    void aDirectoryIsNamedAsOneAndTheFileInsideIsSuggested() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(dir));

        assertThat(e.getMessage()).contains(dir + ": is a directory").contains("--config " + dir.resolve("scephub.yaml"));
    }

    @Test
    void aFileOverOneMebibyteIsRefusedBeforeParsing() throws Exception {
        Path big = dir.resolve("scephub.yaml");
        Files.write(big, ("version: 1\n" + "# padding\n".repeat(500_000)).getBytes(StandardCharsets.UTF_8));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(big));

        assertThat(e.problems()).singleElement().satisfies(p ->
                assertThat(p.message()).startsWith("is larger than 1 MiB (" + Files.size(big) + " bytes)"));
    }

    @Test
    void aFileJustUnderTheLimitIsStillRead() throws Exception {
        String yaml = ConfigLoaderTest.minimal("") + "# padding\n".repeat((ConfigFile.MAX_BYTES - 200) / 10);
        Path file = Files.writeString(dir.resolve("scephub.yaml"), yaml);

        assertThat(loader.load(file).desired().enrollments()).isEmpty();
    }

    @Test
    void theFirstByteThatIsNotUtf8IsLocated() throws Exception {
        byte[] head = "version: 1\nokta:\n  orgUrl: https://caf".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[head.length + 2];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xE9; // Latin-1 é
        bytes[head.length + 1] = '\n';
        Path file = Files.write(dir.resolve("scephub.yaml"), bytes);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.column()).isEqualTo(22);
            assertThat(p.message()).startsWith("is not UTF-8 text: byte 0xE9");
        });
    }

    @Test
    void anAliasBombIsRefusedAtItsLine() throws Exception {
        StringBuilder yaml = new StringBuilder("version: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 30; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        Path file = Files.writeString(dir.resolve("scephub.yaml"), yaml);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isBetween(2, 8);
            assertThat(p.message()).contains("more than 50 aliases");
        });
    }

    @Test
    void deepNestingIsRefusedAtItsLine() throws Exception {
        Path file = Files.writeString(dir.resolve("scephub.yaml"), "version: 1\nokta: " + "[".repeat(10_000) + "\n");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("deeper than 50 levels");
        });
    }

    @Test
    void aLongValueIsQuotedShortenedWithItsLength() throws Exception {
        String value = "x".repeat(100_000);
        Path file = Files.writeString(dir.resolve("scephub.yaml"), ConfigLoaderTest.minimal("").replace(
                "https://example.okta.com", value));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("\"" + "x".repeat(40) + "…(100000 chars)\" is not an absolute http(s) URL");
            assertThat(p.render()).hasSizeLessThan(300);
        });
    }

    @Test
    void aLongUnknownKeyIsShortenedInItsPathAndMessage() throws Exception {
        String key = "k".repeat(1_000); // YAML allows simple keys up to 1024 characters
        Path file = Files.writeString(dir.resolve("scephub.yaml"), ConfigLoaderTest.minimal(key + ": 1\n"));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("k".repeat(40) + "…(1000 chars)");
            assertThat(p.render()).hasSizeLessThan(500);
        });
    }

    @Test
    void controlCharactersInValuesAreEscapedSoEachProblemIsOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("scephub.yaml"), ConfigLoaderTest.minimal("").replace(
                "https://example.okta.com", "\"a\\nb\\u0007c\""));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

        assertThat(e.problems()).singleElement().satisfies(p ->
                assertThat(p.message()).startsWith("\"a\\nb\\u0007c\" is not an absolute http(s) URL"));
    }

    @Test
    void quoteKeepsShortValuesWholeAndCountsCodePoints() {
        assertThat(Values.quote("intune")).isEqualTo("\"intune\"");
        assertThat(Values.quote("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        String emoji = "😀".repeat(41);
        assertThat(Values.quote(emoji)).isEqualTo("\"" + "😀".repeat(40) + "…(41 chars)\"");
    }

    @Test
    void fileLevelProblemsNameTheFileInFull() {
        Path absent = dir.resolve("absent.yaml");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(absent));

        assertThat(e.problems()).extracting(ConfigProblem::render)
                .containsExactly(absent + ": file not found (" + absent + ")");
        assertThat(List.of(e.getMessage().split("\n"))).hasSize(2);
    }

    @Test
    void aChainFileOverOneMebibyteAndAnAbsurdChainPathAreRefusedBriefly() throws Exception {
        Files.write(dir.resolve("big.pem"), new byte[ConfigFile.MAX_BYTES + 10]);
        String longName = "c".repeat(5_000) + ".pem";
        Path file = Files.writeString(dir.resolve("scephub.yaml"), ConfigLoaderTest.minimal(ConfigLoaderTest.wsOne("""
                  - name: big
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    ca: {custom: {chain: big.pem}}
                    groups: {include: [A]}
                  - name: long
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    ca: {custom: {name: other, chain: %s}}
                    groups: {include: [A]}
                """.formatted(longName))));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

        assertThat(e.problems()).extracting(ConfigProblem::path)
                .containsExactly("enrollments[0].ca.custom.chain", "enrollments[1].ca.custom.chain");
        assertThat(e.problems().get(0).message()).isEqualTo("big.pem is larger than 1 MiB; a certificate chain is a few kilobytes,"
                + " so this is probably not the right file");
        assertThat(e.problems().get(1).message()).contains("…(5004 chars)").hasSizeLessThan(600);
    }
}
