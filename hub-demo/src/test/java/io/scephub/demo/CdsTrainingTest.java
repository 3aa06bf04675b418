package io.scephub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdsTrainingTest {
    private static final FileTime BUILT = FileTime.from(Instant.parse("2026-01-01T10:00:00Z"));
    private static final FileTime TRAINED = FileTime.from(Instant.parse("2026-01-01T10:05:00Z"));

    @TempDir
    Path dir;

    @Test
    void anArchiveNewerThanTheJarEveryLibJarAndTheClassPathIsKeptAndOneTouchedFileAfterItTrainsAgain() throws Exception {
        Path jar = file("hub/scephub.jar", BUILT);
        Path lib = file("hub/lib/picocli.jar", BUILT).getParent();
        Path classes = file("demo/classes/io/scephub/demo/CdsTraining.class", BUILT).getParent().getParent().getParent().getParent();
        List<Path> inputs = List.of(jar, lib, classes, dir.resolve("not-there"));
        Path archive = dir.resolve("hub/scephub-reads.jsa");

        assertThat(CdsTraining.upToDate(archive, inputs)).as("no archive yet").isFalse();
        file("hub/scephub-reads.jsa", TRAINED);
        assertThat(CdsTraining.upToDate(archive, inputs)).isTrue();

        Files.setLastModifiedTime(file("hub/lib/intune.jar", BUILT), FileTime.from(Instant.parse("2026-01-01T10:06:00Z")));
        assertThat(CdsTraining.upToDate(archive, inputs)).as("a lib jar copied after the training").isFalse();
        Files.setLastModifiedTime(lib.resolve("intune.jar"), BUILT);
        Files.setLastModifiedTime(classes.resolve("io/scephub/demo/CdsTraining.class"), TRAINED);
        assertThat(CdsTraining.upToDate(archive, inputs)).as("a class of the training as new as the archive").isFalse();
    }

    @Test
    void theInputsAreTheHubsJarItsLibTheJdkAndThisClassPath() {
        Path hubTarget = dir.resolve("hub/target");
        assertThat(CdsTraining.inputs(hubTarget)).contains(hubTarget.resolve("scephub.jar"), hubTarget.resolve("lib"),
                Path.of(System.getProperty("java.home"), "lib", "modules"))
                .contains(Path.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0]));
    }

    private Path file(String name, FileTime modified) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, name);
        Files.setLastModifiedTime(file, modified);
        return file;
    }
}
